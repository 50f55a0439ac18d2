//go:build unix

package importer

import "syscall"

// openFlags: O_NONBLOCK so that opening a FIFO returns at once (the mode
// check on the handle then refuses it); it changes nothing for a regular
// file.
const openFlags = syscall.O_NONBLOCK
