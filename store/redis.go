package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis keeps everything in Redis 7.0 or newer (for SET NX GET and EXPIRE NX), so several
// Heard instances can share one Redis, Sentinel or Cluster deployment.
//
// Keys live under "heard:". A call touches one key, or keys that share a hash tag (a number's
// texts, a round's feedback), so a Cluster keeps each call's keys in one slot.
type Redis struct {
	client redis.UniversalClient
	prefix string
	// sentinel is the client again when it follows Sentinel's primary: a
	// response is kept only once a replica has it too (saveReplicated).
	sentinel *redis.Client
}

var _ Store = (*Redis)(nil)

// A Redis that is down must cost a request about a second, not a hang: go-redis's defaults
// (5s reads, 3 retries of 5 dial attempts, more for a MULTI) add up to many seconds. Few retries
// keep the real cause (refused, timed out) in the error; redisCallTimeout bounds each call,
// retries included, whatever the library does.
const (
	redisDialTimeout  = 2 * time.Second
	redisIOTimeout    = 500 * time.Millisecond
	redisRetries      = 1
	redisDialAttempts = 2
	redisCallTimeout  = time.Second
)

// OpenRedis makes a client for a redis:// or rediss:// (TLS) URL, such as
// redis://user:password@host:6379/0; a Redis Cluster as
// redis://host1:6379?addr=host2:6379&addr=host3:6379 (or ?cluster=true); a
// Sentinel deployment as redis://sentinel1:26379?addr=sentinel2:26379&master_name=heard. It does not connect: Ping checks that Redis answers.
// Timeouts and max_retries given in the URL win over the defaults below.
func OpenRedis(rawURL string, opts ...RedisOption) (*Redis, error) {
	options, err := parseRedisURL(rawURL)
	if err != nil {
		return nil, err
	}
	client := redis.NewUniversalClient(options)
	client.AddHook(callTimeout(redisCallTimeout))
	r := &Redis{client: client, prefix: "heard:"}
	if options.MasterName != "" {
		r.sentinel = client.(*redis.Client) // parseRedisURL refuses a Sentinel cluster
	}
	for _, opt := range opts {
		opt(r)
	}
	return r, nil
}

// RedisOption changes how OpenRedis keeps its keys.
type RedisOption func(*Redis)

// WithKeyPrefix keeps every key under prefix instead of "heard:", so that
// tests sharing one Redis never meet each other's keys.
func WithKeyPrefix(prefix string) RedisOption { return func(r *Redis) { r.prefix = prefix } }

// DeleteAll deletes every key under the store's prefix (a test's cleanup):
// never call it on a store that holds real data.
func (r *Redis) DeleteAll(ctx context.Context) error {
	deleteOn := func(ctx context.Context, node *redis.Client) error {
		keys, err := node.Keys(ctx, r.prefix+"*").Result()
		// One by one: on a cluster, keys of one node may still be of many slots.
		for _, k := range keys {
			if err == nil {
				err = node.Del(ctx, k).Err()
			}
		}
		return err
	}
	if cluster, ok := r.client.(*redis.ClusterClient); ok {
		return cluster.ForEachMaster(ctx, deleteOn)
	}
	if node, ok := r.client.(*redis.Client); ok {
		return deleteOn(ctx, node)
	}
	return errors.New("store: DeleteAll needs a single Redis or a cluster")
}

// CheckRedisURL says what is wrong with a Redis URL that OpenRedis would
// refuse, without connecting, so that a mistake stops Heard at start-up.
// The error never repeats the URL, which may hold a password.
func CheckRedisURL(rawURL string) error {
	_, err := parseRedisURL(rawURL)
	return err
}

func parseRedisURL(rawURL string) (*redis.UniversalOptions, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		// url.Error repeats the URL, and with it any password: report only the cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("store: redis URL: %w", err)
	}
	if u.Scheme != "redis" && u.Scheme != "rediss" {
		return nil, fmt.Errorf("store: redis URL: scheme %q is not redis or rediss", u.Scheme)
	}
	// Cluster and Sentinel are named in the query: more nodes as addr=,
	// cluster=true for a cluster known by one address, master_name= for the
	// master that Sentinels (the URL's hosts) watch.
	q := u.Query()
	more, master, cluster := q["addr"], q.Get("master_name"), q.Get("cluster") == "true"
	if master != "" && cluster {
		return nil, errors.New("store: redis URL: master_name (Sentinel) and cluster=true cannot be used together")
	}
	q.Del("addr")
	q.Del("master_name")
	q.Del("cluster")
	u.RawQuery = q.Encode()
	o, err := redis.ParseURL(u.String())
	if err != nil {
		return nil, fmt.Errorf("store: redis URL: %w", err)
	}
	return &redis.UniversalOptions{
		Addrs:           append([]string{o.Addr}, more...),
		MasterName:      master,
		IsClusterMode:   cluster,
		DB:              o.DB,
		Username:        o.Username,
		Password:        o.Password,
		TLSConfig:       o.TLSConfig,
		ClientName:      o.ClientName,
		Protocol:        o.Protocol,
		MaxRetries:      cmp.Or(o.MaxRetries, redisRetries),
		DialerRetries:   redisDialAttempts,
		MinRetryBackoff: o.MinRetryBackoff,
		MaxRetryBackoff: o.MaxRetryBackoff,
		PoolSize:        o.PoolSize,
		PoolTimeout:     o.PoolTimeout,
		MinIdleConns:    o.MinIdleConns,
		MaxIdleConns:    o.MaxIdleConns,
		ConnMaxIdleTime: o.ConnMaxIdleTime,
		ConnMaxLifetime: o.ConnMaxLifetime,

		DialTimeout:           cmp.Or(o.DialTimeout, redisDialTimeout),
		ReadTimeout:           cmp.Or(o.ReadTimeout, redisIOTimeout),
		WriteTimeout:          cmp.Or(o.WriteTimeout, redisIOTimeout),
		ContextTimeoutEnabled: true, // a caller's deadline ends the wait too
	}, nil
}

// callTimeout is a go-redis hook that gives each command or MULTI a deadline.
type callTimeout time.Duration

func (d callTimeout) DialHook(next redis.DialHook) redis.DialHook { return next }

func (d callTimeout) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		ctx, cancel := context.WithTimeout(ctx, time.Duration(d))
		defer cancel()
		return next(ctx, cmd)
	}
}

func (d callTimeout) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		ctx, cancel := context.WithTimeout(ctx, time.Duration(d))
		defer cancel()
		return next(ctx, cmds)
	}
}

func (r *Redis) key(kind, k string) string { return r.prefix + kind + ":" + k }

// fail wraps a Redis error. Anything but an error reply from a working server (no connection,
// a timeout, a server still loading or without a master) means Redis is unavailable.
func fail(err error) error {
	var reply redis.Error
	if errors.As(err, &reply) && !redis.IsLoadingError(err) && !redis.IsMasterDownError(err) &&
		!redis.IsClusterDownError(err) && !redis.IsTryAgainError(err) {
		return fmt.Errorf("store: redis: %w", err)
	}
	return fmt.Errorf("%w: %w", ErrUnavailable, err)
}

// Hit runs INCR and PEXPIRE NX in one MULTI: the first hit starts the window, later hits
// leave its end alone, and no key can be left counting without an expiry.
func (r *Redis) Hit(ctx context.Context, key string, window time.Duration) (int64, error) {
	if err := checkTTL(window); err != nil {
		return 0, err
	}
	k := r.key(kindRate, key)
	var count *redis.IntCmd
	_, err := r.client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		count = p.Incr(ctx, k)
		p.Do(ctx, "pexpire", k, window.Milliseconds(), "nx")
		return nil
	})
	if err != nil {
		return 0, fail(err)
	}
	return count.Val(), nil
}

// ForgetOptOuts deletes the opt-out flags older versions kept forever (an
// HMAC of every number that said STOP), and returns how many it deleted.
// Finding them means scanning every key, so it is done once: a mark says
// so, and later calls (each instance runs it at start-up) do nothing.
func (r *Redis) ForgetOptOuts(ctx context.Context) (int64, error) {
	mark := r.key(kindOptOut+"-forgotten", "")
	if done, err := r.client.Exists(ctx, mark).Result(); err != nil || done > 0 {
		if err != nil {
			return 0, fail(err)
		}
		return 0, nil
	}
	var n atomic.Int64
	forget := func(ctx context.Context, c *redis.Client) error {
		keys := c.Scan(ctx, 0, r.key(kindOptOut, "*"), 1000).Iterator()
		for keys.Next(ctx) {
			if err := c.Del(ctx, keys.Val()).Err(); err != nil {
				return err
			}
			n.Add(1)
		}
		return keys.Err()
	}
	var err error
	switch c := r.client.(type) {
	case *redis.ClusterClient:
		err = c.ForEachMaster(ctx, forget) // each master holds its own slots' keys
	case *redis.Client:
		err = forget(ctx, c)
	}
	if err == nil {
		err = r.client.Set(ctx, mark, "1", 0).Err()
	}
	if err != nil {
		return n.Load(), fail(err)
	}
	return n.Load(), nil
}

func (r *Redis) Ping(ctx context.Context) error {
	if err := r.client.Ping(ctx).Err(); err != nil {
		return fail(err)
	}
	return nil
}

func (r *Redis) Close() error { return r.client.Close() }

func (r *Redis) ClearHits(ctx context.Context, key string) error {
	if err := r.client.Del(ctx, r.key(kindRate, key)).Err(); err != nil {
		return fail(err)
	}
	return nil
}

// LogRedisTo sends go-redis's own messages (a failed dial, say) to log as
// JSON warnings, instead of plain lines on standard error. They name Redis's
// address, never a visitor's.
func LogRedisTo(log *slog.Logger) { redis.SetLogger(redisLog{log}) }

type redisLog struct{ log *slog.Logger }

func (l redisLog) Printf(ctx context.Context, format string, v ...any) {
	l.log.WarnContext(ctx, fmt.Sprintf(format, v...))
}
