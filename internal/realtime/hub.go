// Package realtime streams committed changes to WebSocket clients. A Follower reads every
// committed change from the history, in history id order, and a Hub fans each out to this
// process's subscribers: every replica's clients see every change, once, in the same order.
package realtime

import (
	"encoding/json"
	"sync"

	"github.com/iims/iims/internal/apiconv"

	"github.com/iims/iims/internal/instances"
)

// DefaultBuffer is how many events a subscriber may fall behind before it is dropped.
const DefaultBuffer = 256

// Why a subscription ended.
const (
	reasonSlow     = "slow consumer"
	reasonShutdown = "server shutting down"
)

// Hub fans events out to subscribers without ever blocking the publisher: a subscriber whose
// buffer is full is dropped (its client reconnects with since= and replays what it missed).
type Hub struct {
	mu       sync.Mutex
	subs     map[*Subscription]struct{}
	buffer   int
	closed   bool
	position int64 // the history id up to which every change has been published
	// OnDrop, if set, is called (outside the lock) when a slow subscriber is dropped.
	OnDrop func()
	// OnPublish, if set, is called once per published event.
	OnPublish func()
}

// NewHub returns a hub whose subscribers each buffer up to buffer events.
func NewHub(buffer int) *Hub {
	if buffer <= 0 {
		buffer = DefaultBuffer
	}
	return &Hub{subs: map[*Subscription]struct{}{}, buffer: buffer}
}

// Message is one published event, encoded once for every subscriber that sends it.
type Message struct {
	Event instances.Event
	once  sync.Once
	data  []byte
	err   error
}

// JSON is the event as the stream sends it (computed on first use, then shared).
func (m *Message) JSON() ([]byte, error) {
	m.once.Do(func() { m.data, m.err = json.Marshal(apiconv.ToEvent(m.Event)) })
	return m.data, m.err
}

// Subscription receives messages on C until C is closed; Reason then says why.
type Subscription struct {
	C      chan *Message
	reason string
}

// Reason is why the subscription ended (after C was closed).
func (s *Subscription) Reason() string { return s.reason }

// Subscribe registers a subscriber and returns it with the hub's position at that moment: the
// subscriber receives every change after it (on a closed hub, the subscription is closed).
func (h *Hub) Subscribe() (*Subscription, int64) {
	s := &Subscription{C: make(chan *Message, h.buffer)}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		s.reason = reasonShutdown
		close(s.C)
		return s, h.position
	}
	h.subs[s] = struct{}{}
	return s, h.position
}

// Position is the history id up to which every change has been published.
func (h *Hub) Position() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.position
}

// Advance moves the position forward to id (past history ids that will never appear).
func (h *Hub) Advance(id int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.position = max(h.position, id)
}

// AdvanceIfIdle moves the position forward to id when nobody is subscribed, and says whether it
// did: the follower then need not read the changes up to id, since a subscriber that arrives
// later starts at the new position and replays older changes from the database. Checked and
// moved under the lock, so a subscriber arriving meanwhile either is seen (and the changes are
// published to it) or starts at id.
func (h *Hub) AdvanceIfIdle(id int64) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.subs) > 0 {
		return false
	}
	h.position = max(h.position, id)
	return true
}

// Unsubscribe removes a subscriber (safe to call more than once).
func (h *Hub) Unsubscribe(s *Subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[s]; ok {
		delete(h.subs, s)
		close(s.C)
	}
}

// Publish delivers ev to every subscriber that has room, and drops the others.
func (h *Hub) Publish(ev instances.Event) {
	msg := &Message{Event: ev}
	// Counted before delivery: a subscriber that has read the event must find it counted.
	if h.OnPublish != nil {
		h.OnPublish()
	}
	dropped := 0
	h.mu.Lock()
	h.position = max(h.position, ev.Record.HistoryID)
	for s := range h.subs {
		select {
		case s.C <- msg:
		default:
			delete(h.subs, s)
			s.reason = reasonSlow
			close(s.C)
			dropped++
		}
	}
	h.mu.Unlock()
	for ; dropped > 0 && h.OnDrop != nil; dropped-- {
		h.OnDrop()
	}
}

// Clients is the number of current subscribers.
func (h *Hub) Clients() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// Close ends every subscription (their clients are told the server is going away).
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for s := range h.subs {
		delete(h.subs, s)
		s.reason = reasonShutdown
		close(s.C)
	}
}
