package index

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// tryLock takes an open-file-description write lock on the whole of f,
// without waiting. The lock belongs to f's open file description, so it
// is released when f is closed (or the process dies), and bbolt opening
// and closing its own descriptor of the same file does not release it.
func tryLock(f *os.File, _ string) (bool, error) {
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: 0, Start: 0, Len: 0}
	err := unix.FcntlFlock(f.Fd(), unix.F_OFD_SETLK, &lk)
	if errors.Is(err, unix.EAGAIN) || errors.Is(err, unix.EACCES) {
		return false, nil
	}
	return err == nil, err
}

func unlock(*os.File) {}
