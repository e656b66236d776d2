package store

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"time"

	"heard/sms"

	"github.com/redis/go-redis/v9"
	bolt "go.etcd.io/bbolt"
)

// A text costs the store two round trips: StartText (claim the message,
// count the number's rate, read its conversation) and FinishText (keep the
// reply and the next conversation together). In Redis a number's keys share
// one hash tag, so a Cluster keeps them in one slot and one script.
//
// A message's reply is kept as savedMark followed by the reply (in Redis,
// the claim's token is kept under the same key until then).
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

// Embedded: the file keeps a text's reply (in the message bucket, as
// "text:KEY:SID") and the number's conversation (in the conversation
// bucket, as KEY), both written by FinishText in one transaction that
// texts finishing at the same moment share, with its fsync. Claims and rate
// counters live only in memory: one process owns the file, both last
// minutes at most, and a claim must not outlive a crash, so StartText
// writes nothing and costs no fsync.

func textMessage(key, sid string) []byte { return []byte("text:" + key + ":" + sid) }

func (e *Embedded) StartText(ctx context.Context, t sms.TextStart) (sms.Started, error) {
	if err := checkText(t.Claim, t.Window); err != nil {
		return sms.Started{}, err
	}
	now, message := time.Now(), textMessage(t.Key, t.Sid)
	claimed, again := e.texts.claim(string(message), t.Token, now.Add(t.Claim), now)
	if !claimed {
		return sms.Started{Pending: true}, nil
	}
	// Read after claiming: a text finished before this claim has its reply
	// in the file already (FinishText lets go of its claim only once it is).
	var got sms.Started
	answered := false
	err := e.view(ctx, func(tx *bolt.Tx) error {
		if v, ok := live(tx.Bucket([]byte(kindMessage)).Get(message), now); ok {
			var reply []byte
			if reply, answered = savedReply(v); answered {
				got.Reply = string(reply)
				return nil
			}
		}
		if conv, ok := live(tx.Bucket([]byte(kindConversation)).Get([]byte(t.Key)), now); ok {
			got.Conversation = bytes.Clone(conv) // bbolt's memory is valid only inside the transaction
		}
		return nil
	})
	if err != nil || answered {
		e.texts.release(string(message), t.Token)
		return sms.Started{Reply: got.Reply}, err
	}
	got.Claimed, got.Count = true, e.texts.count(t.Key, t.Window, now, !again)
	return got, nil
}

func (e *Embedded) FinishText(ctx context.Context, t sms.TextFinish) error {
	if err := checkText(t.ReplyFor, t.ConversationFor); err != nil {
		return err
	}
	message := textMessage(t.Key, t.Sid)
	defer e.texts.release(string(message), t.Token)
	kept := append([]byte{savedMark}, t.Reply...)
	return e.batch(ctx, func(tx *bolt.Tx) error {
		now := time.Now()
		messages := tx.Bucket([]byte(kindMessage))
		if !e.texts.holds(string(message), t.Token, now) {
			if v, ok := live(messages.Get(message), now); ok && bytes.Equal(v, kept) {
				return nil // finished already, the same
			}
			return sms.ErrClaimLapsed
		}
		if err := messages.Put(message, pack(now.Add(t.ReplyFor), kept)); err != nil {
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

// texts is what the embedded store keeps of texts in memory only: the
// claims on messages being answered and each number's rate counter.
type texts struct {
	mu     sync.Mutex
	claims map[string]textClaim // by message
	rates  map[string]textRate  // by number
	pruned time.Time            // when expired entries were last dropped
}

type textClaim struct {
	token string
	until time.Time
}

type textRate struct {
	count int64
	until time.Time // the window's end, fixed by its first text
}

// claim claims message for token until then, unless another's live claim
// holds it; again says token held it already.
func (ts *texts) claim(message, token string, until, now time.Time) (claimed, again bool) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.prune(now)
	if c, ok := ts.claims[message]; ok && now.Before(c.until) {
		return c.token == token, c.token == token
	}
	if ts.claims == nil {
		ts.claims, ts.rates = map[string]textClaim{}, map[string]textRate{}
	}
	ts.claims[message] = textClaim{token, until}
	return true, false
}

// holds reports whether token's claim on message is live.
func (ts *texts) holds(message, token string, now time.Time) bool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	c, ok := ts.claims[message]
	return ok && c.token == token && now.Before(c.until)
}

// release lets go of token's claim on message (not another's).
func (ts *texts) release(message, token string) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.claims[message].token == token {
		delete(ts.claims, message)
	}
}

// count returns the count of texts from key in its window, counting one
// more when add is set.
func (ts *texts) count(key string, window time.Duration, now time.Time, add bool) int64 {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	r, ok := ts.rates[key]
	if !ok || !now.Before(r.until) {
		r = textRate{until: now.Add(window)}
	}
	if add || r.count == 0 {
		r.count++
	}
	ts.rates[key] = r
	return r.count
}

// prune drops expired claims and windows, once a minute at most, so the
// maps hold only the last few minutes' numbers. The caller holds mu.
func (ts *texts) prune(now time.Time) {
	if now.Sub(ts.pruned) < time.Minute {
		return
	}
	ts.pruned = now
	for m, c := range ts.claims {
		if !now.Before(c.until) {
			delete(ts.claims, m)
		}
	}
	for k, r := range ts.rates {
		if !now.Before(r.until) {
			delete(ts.rates, k)
		}
	}
}

// Redis: a number's keys share the hash tag {text:KEY}: heard:{text:KEY}:conv,
// heard:{text:KEY}:rate and heard:{text:KEY}:sid:SID.

func (r *Redis) textKey(key, part string) string { return r.prefix + "{text:" + key + "}:" + part }

// startText is StartText in one step. KEYS: the message, the rate counter,
// the conversation. ARGV: the claim's token, how long it lasts (ms), the
// rate window (ms). It returns {0, value} for a message claimed before, or
// {1, count, conversation}. Run again under the same token (go-redis
// retries a call whose answer timed out) it claims nothing more and
// counts nothing more.
var startText = redis.NewScript(`
local old = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2], 'GET')
if old and old ~= ARGV[1] then return {0, old} end
local n
if old then
  n = tonumber(redis.call('GET', KEYS[2]) or '1')
else
  n = redis.call('INCR', KEYS[2])
  if n == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end -- the window starts with its first text
end
return {1, n, redis.call('GET', KEYS[3])}`)

// finishText is FinishText in one step. KEYS: the message, the
// conversation. ARGV: the claim's token, the reply as kept, how long (ms),
// then "put" with the conversation and its time (ms), "forget", or "keep".
// Run again once it has kept the reply, it keeps the same again.
var finishText = redis.NewScript(`
local held = redis.call('GET', KEYS[1])
if held ~= ARGV[1] and held ~= ARGV[2] then return 0 end
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
