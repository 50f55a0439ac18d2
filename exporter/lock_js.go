//go:build js

package exporter

import (
	"errors"
	"os"
)

// In the browser (the self-check page) there is no output folder to guard:
// the page only annotates in memory and never calls AcquireLock. This file
// exists so the package compiles to WebAssembly.
var errWouldBlock = errors.New("lock held")

func lockFile(*os.File) error { return errors.ErrUnsupported }

func unlockFile(*os.File) {}
