package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"time"

	"heard/sms"

	"github.com/redis/go-redis/v9"
	bolt "go.etcd.io/bbolt"
)

// A text costs the store two round trips: StartText (claim the message,
// count the number's rate, read its conversation) and FinishText (keep the
// reply and the next conversation together). A number's keys share one
// place: one Redis hash tag, so a Cluster keeps them in one slot and one
// script; in the embedded store, texts started or finished at the same
// moment share one transaction and its fsync (bbolt's Batch).
//
// A message is kept as its claim's token while it is being answered, then
// as savedMark followed by the reply.
const savedMark = '='

func savedReply(v []byte) (reply []byte, saved bool) {
	if len(v) > 0 && v[0] == savedMark {
		return v[1:], true
	}
	return nil, false
}

func checkText(ttls ...time.Duration) error {
	for _, ttl := range ttls {
		if err := checkTTL(ttl); err != nil {
			return err
		}
	}
	return nil
}

// Embedded: a message lives in the message bucket as "text:KEY:SID", the
// number's rate counter in the rate bucket as "text:KEY", its conversation
// in the conversation bucket as KEY.

func textMessage(key, sid string) []byte { return []byte("text:" + key + ":" + sid) }
func textRate(key string) []byte         { return []byte("text:" + key) }

func (e *Embedded) StartText(_ context.Context, t sms.TextStart) (sms.Started, error) {
	if err := checkText(t.Claim, t.Window); err != nil {
		return sms.Started{}, err
	}
	var got sms.Started
	err := e.db.Batch(func(tx *bolt.Tx) error {
		got = sms.Started{} // Batch may call this more than once
		now := time.Now()
		messages := tx.Bucket([]byte(kindMessage))
		if v, ok := live(messages.Get(textMessage(t.Key, t.Sid)), now); ok {
			reply, saved := savedReply(v)
			got.Reply, got.Pending = string(reply), !saved
			return nil
		}
		if err := messages.Put(textMessage(t.Key, t.Sid), pack(now.Add(t.Claim), []byte(t.Token))); err != nil {
			return err
		}
		got.Claimed = true
		rates := tx.Bucket([]byte(kindRate))
		v := rates.Get(textRate(t.Key))
		expires, count := now.Add(t.Window), int64(1)
		if n, ok := live(v, now); ok {
			// Same window: keep its end, so steady texts cannot stretch it.
			expires = time.Unix(0, int64(binary.BigEndian.Uint64(v)))
			count = int64(binary.BigEndian.Uint64(n)) + 1
		}
		got.Count = count
		if err := rates.Put(textRate(t.Key), pack(expires, binary.BigEndian.AppendUint64(nil, uint64(count)))); err != nil {
			return err
		}
		if conv, ok := live(tx.Bucket([]byte(kindConversation)).Get([]byte(t.Key)), now); ok {
			got.Conversation = bytes.Clone(conv) // bbolt's memory is valid only inside the transaction
		}
		return nil
	})
	return got, err
}

func (e *Embedded) FinishText(_ context.Context, t sms.TextFinish) error {
	if err := checkText(t.ReplyFor, t.ConversationFor); err != nil {
		return err
	}
	return e.db.Batch(func(tx *bolt.Tx) error {
		now := time.Now()
		messages := tx.Bucket([]byte(kindMessage))
		if v, ok := live(messages.Get(textMessage(t.Key, t.Sid)), now); !ok || string(v) != t.Token {
			return sms.ErrClaimLapsed
		}
		err := messages.Put(textMessage(t.Key, t.Sid), pack(now.Add(t.ReplyFor), append([]byte{savedMark}, t.Reply...)))
		if err != nil {
			return err
		}
		conversations := tx.Bucket([]byte(kindConversation))
		switch {
		case t.Forget:
			return conversations.Delete([]byte(t.Key))
		case t.Conversation != nil:
			return conversations.Put([]byte(t.Key), pack(now.Add(t.ConversationFor), t.Conversation))
		}
		return nil
	})
}

// Redis: a number's keys share the hash tag {text:KEY}: heard:{text:KEY}:conv,
// heard:{text:KEY}:rate and heard:{text:KEY}:sid:SID.

func (r *Redis) textKey(key, part string) string { return r.prefix + "{text:" + key + "}:" + part }

// startText is StartText in one step. KEYS: the message, the rate counter,
// the conversation. ARGV: the claim's token, how long it lasts (ms), the
// rate window (ms). It returns {0, value} for a message claimed before, or
// {1, count, conversation}.
var startText = redis.NewScript(`
local old = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2], 'GET')
if old then return {0, old} end
local n = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3], 'NX')
return {1, n, redis.call('GET', KEYS[3])}`)

// finishText is FinishText in one step. KEYS: the message, the
// conversation. ARGV: the claim's token, the reply as kept, how long (ms),
// then "put" with the conversation and its time (ms), "forget", or "keep".
var finishText = redis.NewScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
if ARGV[4] == 'put' then redis.call('SET', KEYS[2], ARGV[5], 'PX', ARGV[6])
elseif ARGV[4] == 'forget' then redis.call('DEL', KEYS[2]) end
return 1`)

func (r *Redis) StartText(ctx context.Context, t sms.TextStart) (sms.Started, error) {
	if err := checkText(t.Claim, t.Window); err != nil {
		return sms.Started{}, err
	}
	keys := []string{r.textKey(t.Key, "sid:"+t.Sid), r.textKey(t.Key, "rate"), r.textKey(t.Key, "conv")}
	res, err := startText.Run(ctx, r.client, keys, t.Token, t.Claim.Milliseconds(), t.Window.Milliseconds()).Slice()
	if err != nil {
		return sms.Started{}, fail(err)
	}
	if len(res) < 2 {
		return sms.Started{}, errors.New("store: redis: StartText got a short answer")
	}
	if claimed, _ := res[0].(int64); claimed == 0 {
		old, _ := res[1].(string)
		reply, saved := savedReply([]byte(old))
		return sms.Started{Reply: string(reply), Pending: !saved}, nil
	}
	got := sms.Started{Claimed: true}
	got.Count, _ = res[1].(int64)
	if len(res) > 2 {
		if conv, ok := res[2].(string); ok {
			got.Conversation = []byte(conv)
		}
	}
	return got, nil
}

func (r *Redis) FinishText(ctx context.Context, t sms.TextFinish) error {
	if err := checkText(t.ReplyFor, t.ConversationFor); err != nil {
		return err
	}
	keys := []string{r.textKey(t.Key, "sid:"+t.Sid), r.textKey(t.Key, "conv")}
	args := []any{t.Token, string(savedMark) + t.Reply, t.ReplyFor.Milliseconds(), "keep"}
	switch {
	case t.Forget:
		args[3] = "forget"
	case t.Conversation != nil:
		args[3] = "put"
		args = append(args, t.Conversation, t.ConversationFor.Milliseconds())
	}
	kept, err := finishText.Run(ctx, r.client, keys, args...).Int()
	if err != nil {
		return fail(err)
	}
	if kept == 0 {
		return sms.ErrClaimLapsed
	}
	return nil
}
