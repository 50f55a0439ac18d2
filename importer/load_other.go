//go:build !unix

package importer

// openFlags: other systems have no FIFOs in the file system to block on.
const openFlags = 0
