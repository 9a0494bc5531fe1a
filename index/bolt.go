package index

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Bolt is the embedded Store: one go.etcd.io/bbolt file (see bolt_format.go
// for its layout).
//
// Reliability rests on bbolt: a transaction commits atomically (copy on
// write, then a meta page written and synced last), so a process killed at
// any moment leaves the file as of its last commit. Add commits one batch
// per transaction, so a killed `index add` leaves exactly the batches it
// committed.
//
// The file is opened for each transaction and closed after it (when no
// other transaction of this Bolt is running), taking bbolt's lock for that
// time only: shared for reading, exclusive for writing. So readers in other
// processes run between a writer's batches, waiting at most for the batch
// being committed, and a long-lived Bolt never keeps others out. A writer
// also holds the writer lock (lock.go) from OpenBolt to Close, so a second
// writer waits, up to BoltOptions.LockTimeout, and then fails with a
// LockedError.
//
// A damaged file must give an error, never a crash: bbolt validates its
// meta pages on open, OpenBolt checks reprint's own metadata and that the
// file is as long as bbolt says, and every transaction runs with
// debug.SetPanicOnFault and a recover, so a page that bbolt panics on, or
// a truncated mapping that faults, comes back as a FormatError.
type Bolt struct {
	path   string
	opt    BoltOptions
	params Params
	lock   *os.File // writer lock; nil for a reader

	mu    sync.Mutex
	db    *bolt.DB
	users int

	prepMu sync.Mutex
	prep   *Preparer // for Remove, which recomputes features
}

// BoltOptions configure OpenBolt.
type BoltOptions struct {
	// ReadOnly opens the index for reading only; Update fails.
	ReadOnly bool
	// Create, when set, creates the index with these parameters if path
	// does not exist. An existing index keeps its own parameters.
	Create *Params
	// LockTimeout is how long to wait for a lock held by another process
	// (another writer's, or bbolt's while a transaction commits); 0 waits
	// for ever.
	LockTimeout time.Duration
	// KeepOpen keeps the bbolt file open, and its lock held, from OpenBolt
	// to Close, instead of for each transaction: faster for many small
	// transactions in one process (benchmarks), but a reader then keeps
	// writers out, and a writer readers.
	KeepOpen bool
}

var _ Store = (*Bolt)(nil)

// OpenBolt opens the index file at path. A missing file is an error
// wrapping fs.ErrNotExist unless opt.Create is set (which creates missing
// folders too); a file that is not a
// reprint index of this FormatVersion gives a *FormatError.
func OpenBolt(path string, opt BoltOptions) (_ *Bolt, err error) {
	b := &Bolt{path: path, opt: opt}
	created := false
	if opt.ReadOnly {
		fi, err := os.Stat(path)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("no index at %s: %w", path, fs.ErrNotExist)
			}
			return nil, fmt.Errorf("open index: %w", err)
		}
		if !fi.Mode().IsRegular() {
			return nil, &FormatError{Path: path, Reason: "not a regular file, so not a reprint index"}
		}
		if fi.Size() == 0 {
			return nil, &FormatError{Path: path, Reason: "empty file, not a reprint index"}
		}
	} else {
		if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
			return nil, &FormatError{Path: path, Reason: "not a regular file, so not a reprint index"}
		}
		if opt.Create != nil {
			// An index may be created in a folder that does not exist yet.
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return nil, fmt.Errorf("create index: %w", err)
			}
		}
		b.lock, created, err = openForWriting(path, opt.Create != nil, opt.LockTimeout)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("no index at %s: %w", path, fs.ErrNotExist)
			}
			return nil, err
		}
		fi, err := b.lock.Stat()
		if err != nil {
			b.closeLock()
			return nil, fmt.Errorf("open index: %w", err)
		}
		if !fi.Mode().IsRegular() {
			b.closeLock()
			return nil, &FormatError{Path: path, Reason: "not a regular file, so not a reprint index"}
		}
		if fi.Size() == 0 && !created {
			b.closeLock()
			return nil, &FormatError{Path: path, Reason: "empty file, not a reprint index (remove it to create an index there)"}
		}
	}
	defer func() {
		if err != nil {
			b.Close()
			if created {
				os.Remove(path)
			}
		}
	}()
	if created {
		if err := opt.Create.Validate(); err != nil {
			return nil, fmt.Errorf("create index %s: %w", path, err)
		}
		if err := b.initialize(*opt.Create); err != nil {
			return nil, err
		}
	}
	if err := b.validate(); err != nil {
		return nil, err
	}
	return b, nil
}

// Path returns the index file's path.
func (b *Bolt) Path() string { return b.path }

// Params returns the parameters the index was created with.
func (b *Bolt) Params() Params { return b.params }

// Close releases the file and the writer lock.
func (b *Bolt) Close() error {
	b.mu.Lock()
	var err error
	if b.db != nil {
		err = b.closeDB()
	}
	b.mu.Unlock()
	b.closeLock()
	return err
}

func (b *Bolt) closeLock() {
	if b.lock != nil {
		unlock(b.lock)
		b.lock.Close()
		b.lock = nil
	}
}

// closeDB closes the bbolt handle, which must not be in use; b.mu is held.
func (b *Bolt) closeDB() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = b.damaged(r)
		}
	}()
	db := b.db
	b.db = nil
	if err := db.Close(); err != nil {
		return fmt.Errorf("close index %s: %w", b.path, err)
	}
	return nil
}

// acquire opens the bbolt file if this Bolt does not have it open, and
// counts a user of it; release undoes that.
func (b *Bolt) acquire() (db *bolt.DB, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.db == nil {
		if b.lock == nil && !b.opt.ReadOnly {
			return nil, fmt.Errorf("index %s is closed", b.path)
		}
		if b.opt.ReadOnly {
			done := intend(b.path)
			b.db, err = b.openDB()
			done()
		} else {
			for start := time.Now(); readersWaiting(b.lock) && time.Since(start) < intentWait; {
				time.Sleep(2 * time.Millisecond)
			}
			b.db, err = b.openDB()
		}
		if err != nil {
			return nil, err
		}
	}
	b.users++
	return b.db, nil
}

func (b *Bolt) release() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.users--
	if b.users == 0 && !b.opt.KeepOpen && b.db != nil {
		_ = b.closeDB()
	}
}

func (b *Bolt) openDB() (db *bolt.DB, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, b.damaged(r)
		}
	}()
	opt := &bolt.Options{
		ReadOnly: b.opt.ReadOnly,
		Timeout:  b.opt.LockTimeout,
		// The map freelist keeps commits fast when a batch frees thousands
		// of pages (every posting block it rewrites).
		FreelistType: bolt.FreelistMapType,
	}
	if !b.opt.ReadOnly && runtime.GOOS != "windows" {
		// A commit that grows the file past the mapping must remap it,
		// which waits for every read transaction of this process to end;
		// mapping 1 GiB of address space up front (only what is used
		// becomes resident) lets readers and a writer overlap freely.
		// (Windows would grow the file itself to this size.)
		opt.InitialMmapSize = 1 << 30
	}
	db, err = bolt.Open(b.path, 0o644, opt)
	switch {
	case err == nil:
		// bbolt grows the file by AllocSize past what a commit needs once
		// the mapping is larger than AllocSize, as the 1 GiB one is: 1 MiB
		// instead of 16 keeps a small index small.
		db.AllocSize = 1 << 20
		return db, nil
	case errors.Is(err, berrors.ErrTimeout):
		return nil, &LockedError{Path: b.path, Writer: false, Waited: b.opt.LockTimeout.String()}
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum):
		return nil, &FormatError{Path: b.path, Reason: "not a reprint index (not a bbolt database, or its header is damaged: " + err.Error() + ")"}
	case errors.Is(err, berrors.ErrVersionMismatch):
		return nil, &FormatError{Path: b.path, Reason: "not a reprint index (a bbolt database of another version)"}
	case errors.Is(err, fs.ErrPermission):
		return nil, fmt.Errorf("open index: %w", err)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return nil, fmt.Errorf("open index: %w", err)
	}
	// bbolt's other open failures ("file size too small", a bad mapping)
	// all mean the file is not an intact index.
	return nil, &FormatError{Path: b.path, Reason: "not a reprint index, or a damaged one: " + err.Error()}
}

// damaged turns a panic inside bbolt (or a fault on the mapped file) into
// an error.
func (b *Bolt) damaged(r any) error {
	return &FormatError{Path: b.path, Reason: fmt.Sprintf("damaged index (%v)", r)}
}

// View implements Store.
func (b *Bolt) View(ctx context.Context, fn func(Reader) error) error {
	return b.transact(ctx, false, func(tx *bolt.Tx) error {
		return fn(&boltTx{b: b, tx: tx, ctx: ctx})
	})
}

// Update implements Store.
func (b *Bolt) Update(ctx context.Context, fn func(Writer) error) error {
	if b.opt.ReadOnly {
		return fmt.Errorf("index %s is open read-only", b.path)
	}
	return b.transact(ctx, true, func(tx *bolt.Tx) error {
		w := &boltTx{b: b, tx: tx, ctx: ctx, writable: true}
		if err := fn(w); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := w.saveCounts(); err != nil {
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("commit to index %s: %w", b.path, err)
		}
		return nil
	})
}

// transact runs fn in one transaction on the shared file handle, turning
// a panic inside bbolt (or a fault on the mapped file) into an error. A
// transaction fn does not commit is rolled back.
func (b *Bolt) transact(ctx context.Context, writable bool, fn func(*bolt.Tx) error) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	db, err := b.acquire()
	if err != nil {
		return err
	}
	defer b.release()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	tx, err := db.Begin(writable)
	if err != nil {
		verb := "read"
		if writable {
			verb = "write"
		}
		return fmt.Errorf("%s index %s: %w", verb, b.path, err)
	}
	defer func() {
		if r := recover(); r != nil {
			err = b.damaged(r)
		}
		rollback(tx) // after Commit, which closes the transaction either way, a no-op
	}()
	return fn(tx)
}

func rollback(tx *bolt.Tx) {
	defer func() { _ = recover() }()
	_ = tx.Rollback()
}

// initialize writes the buckets and metadata of a new index.
func (b *Bolt) initialize(p Params) error {
	pj, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return b.Update(context.Background(), func(w Writer) error {
		tx := w.(*boltTx).tx
		for _, name := range [][]byte{bucketMeta, bucketIDs, bucketDocs, bucketShingles, bucketBuckets, bucketStems} {
			if _, err := tx.CreateBucket(name); err != nil {
				return fmt.Errorf("create index %s: %w", b.path, err)
			}
		}
		m := tx.Bucket(bucketMeta)
		for _, kv := range [][2][]byte{
			{keyMagic, magic},
			{keyVersion, binary.BigEndian.AppendUint32(nil, FormatVersion)},
			{keyParams, pj},
			{keyNext, binary.BigEndian.AppendUint32(nil, 0)},
		} {
			if err := m.Put(kv[0], kv[1]); err != nil {
				return fmt.Errorf("create index %s: %w", b.path, err)
			}
		}
		return nil
	})
}

// validate checks that the file is a reprint index of this format version
// and reads its parameters.
func (b *Bolt) validate() error {
	notIndex := func(why string) error {
		return &FormatError{Path: b.path, Reason: "not a reprint index (" + why + ")"}
	}
	return b.View(context.Background(), func(r Reader) error {
		tx := r.(*boltTx).tx
		fi, err := os.Stat(b.path)
		if err != nil {
			return fmt.Errorf("open index: %w", err)
		}
		if need := tx.Size(); fi.Size() < need {
			return &FormatError{Path: b.path, Reason: fmt.Sprintf("truncated index: the file has %d bytes, its pages need %d", fi.Size(), need)}
		}
		m := tx.Bucket(bucketMeta)
		if m == nil {
			return notIndex("a bbolt database without reprint's metadata")
		}
		if !bytes.Equal(m.Get(keyMagic), magic) {
			return notIndex("a bbolt database of another program")
		}
		v := m.Get(keyVersion)
		if len(v) != 4 {
			return &FormatError{Path: b.path, Reason: "damaged index metadata (format version)"}
		}
		if got := binary.BigEndian.Uint32(v); got != FormatVersion {
			return &FormatError{Path: b.path, Reason: fmt.Sprintf("index format version %d; this reprint reads version %d (rebuild the index with this version)", got, FormatVersion)}
		}
		var p Params
		dec := json.NewDecoder(bytes.NewReader(m.Get(keyParams)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			return &FormatError{Path: b.path, Reason: "damaged index metadata (parameters: " + err.Error() + ")"}
		}
		if err := p.Validate(); err != nil {
			return &FormatError{Path: b.path, Reason: "damaged index metadata (parameters: " + err.Error() + ")"}
		}
		if len(m.Get(keyNext)) != 4 {
			return &FormatError{Path: b.path, Reason: "damaged index metadata (next article number)"}
		}
		for _, name := range [][]byte{bucketIDs, bucketDocs, bucketShingles, bucketBuckets, bucketStems} {
			if tx.Bucket(name) == nil {
				return &FormatError{Path: b.path, Reason: fmt.Sprintf("damaged index (bucket %q missing)", name)}
			}
		}
		b.params = p
		return nil
	})
}

// preparer returns the Preparer Remove uses to recompute an article's
// features; its caller holds b.prepMu.
func (b *Bolt) preparer() (*Preparer, error) {
	if b.prep == nil {
		p, err := NewPreparer(b.params)
		if err != nil {
			return nil, err
		}
		b.prep = p
	}
	return b.prep, nil
}
