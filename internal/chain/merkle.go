package chain

import (
	"crypto"
	_ "crypto/sha256" // the log's hash
	"encoding/binary"
	"encoding/hex"
	"fmt"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
)

// The whole history is sealed into an append-only Merkle log (RFC 9162, as in Certificate
// Transparency, with github.com/transparency-dev/merkle's hashing): leaf i is the i-th record in
// history id order, its data the record's id and hash. A tree head (size, root) fixes every
// record up to that size: removing, altering or reordering any of them changes the root, and a
// consistency proof shows that a later head extends an earlier one.

// Hasher is the log's RFC 6962 hasher (SHA-256).
var Hasher = rfc6962.New(crypto.SHA256)

var factory = &compact.RangeFactory{Hash: Hasher.HashChildren}

// LeafData is the data of a record's leaf: a domain tag, the history id (8 bytes, big-endian)
// and the record's hash (32 bytes; a record written around IIMS, with no hash, has none).
func LeafData(historyID int64, recordHash string) ([]byte, error) {
	b := append([]byte("iims-leaf-v1"), binary.BigEndian.AppendUint64(nil, uint64(historyID))...)
	if recordHash == "" {
		return b, nil
	}
	h, err := hex.DecodeString(recordHash)
	if err != nil || len(h) != 32 {
		return nil, fmt.Errorf("history record %d: hash %q is not 32 bytes of hex", historyID, recordHash)
	}
	return append(b, h...), nil
}

// Log is the Merkle log's compact state: enough to append leaves and compute the root.
type Log struct{ r *compact.Range }

// NewLog starts an empty log.
func NewLog() *Log { return &Log{r: factory.NewEmptyRange(0)} }

// ResumeLog continues a log of size leaves from the hashes a tree head stored (Hashes).
func ResumeLog(size uint64, hashes [][]byte) (*Log, error) {
	r, err := factory.NewRange(0, size, hashes)
	if err != nil {
		return nil, fmt.Errorf("resume the history log at size %d: %w", size, err)
	}
	return &Log{r: r}, nil
}

// Append adds a record's leaf; visit (optional) sees every node hash the append completes.
func (l *Log) Append(historyID int64, recordHash string, visit compact.VisitFn) error {
	data, err := LeafData(historyID, recordHash)
	if err != nil {
		return err
	}
	return l.r.Append(Hasher.HashLeaf(data), visit)
}

// Size is the number of leaves.
func (l *Log) Size() uint64 { return l.r.End() }

// Root is the tree's root hash (the empty tree's for no leaves).
func (l *Log) Root() []byte {
	if l.r.End() == 0 {
		return Hasher.EmptyRoot()
	}
	root, err := l.r.GetRootHash(nil)
	if err != nil {
		panic(err) // only for a range not starting at 0, which a Log never is
	}
	return root
}

// Hashes is the compact state to store beside a tree head, so that the log can be resumed there.
func (l *Log) Hashes() [][]byte { return l.r.Hashes() }

// ConsistencyNodes lists the node hashes a consistency proof between tree sizes size1 ≤ size2
// needs; collect them with a visitor while appending the leaves, then call Proof.
type ConsistencyNodes struct {
	size1, size2 uint64
	nodes        proof.Nodes
	want         map[compact.NodeID]int
	hashes       [][]byte
}

// NewConsistencyNodes plans the proof that the tree of size2 extends the tree of size1.
func NewConsistencyNodes(size1, size2 uint64) (*ConsistencyNodes, error) {
	nodes, err := proof.Consistency(size1, size2)
	if err != nil {
		return nil, err
	}
	c := &ConsistencyNodes{size1: size1, size2: size2, nodes: nodes, want: map[compact.NodeID]int{}, hashes: make([][]byte, len(nodes.IDs))}
	for i, id := range nodes.IDs {
		c.want[id] = i
	}
	return c, nil
}

// Visit records the hashes the proof needs (a compact.VisitFn for Log.Append).
func (c *ConsistencyNodes) Visit(id compact.NodeID, hash []byte) {
	if i, ok := c.want[id]; ok {
		c.hashes[i] = hash
	}
}

// Verify builds the proof from the collected hashes and checks that root2 (of size2) is
// consistent with root1 (of size1): every leaf under root1 is still there, unchanged, in order.
func (c *ConsistencyNodes) Verify(root1, root2 []byte) error {
	for i, h := range c.hashes {
		if h == nil {
			return fmt.Errorf("consistency proof %d→%d: node %v was never computed", c.size1, c.size2, c.nodes.IDs[i])
		}
	}
	p, err := c.nodes.Rehash(c.hashes, Hasher.HashChildren)
	if err != nil {
		return err
	}
	return proof.VerifyConsistency(Hasher, c.size1, c.size2, p, root1, root2)
}
