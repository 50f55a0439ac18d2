package round

import "errors"

// The kinds of error Run and Validate return, for errors.Is. Each is wrapped
// with what happened; the command maps each kind to its exit code.
var (
	// ErrUsage: the command line or the configuration is wrong (a missing
	// input, an input inside the output folder, a bad profile).
	ErrUsage = errors.New("usage")
	// ErrInput: some inputs had errors, already reported; the rest were rated.
	ErrInput = errors.New("inputs with errors")
	// ErrLocked: another run holds the output folder (see LockedError).
	ErrLocked = errors.New("output folder locked by another run")
	// ErrOutput: an output could not be written (results or an annotated copy).
	ErrOutput = errors.New("output not written")
	// ErrInternal: a bug of ours, such as a panic recovered in a worker.
	ErrInternal = errors.New("internal error")
	// ErrInterrupted: the context was cancelled before the outputs were
	// committed; the previous outputs are intact.
	ErrInterrupted = errors.New("interrupted")
)

// kindError wraps an error with its kind without changing its message.
type kindError struct {
	kind error
	err  error
}

func (e *kindError) Error() string   { return e.err.Error() }
func (e *kindError) Unwrap() []error { return []error{e.kind, e.err} }

// Mark makes err of kind (for errors.Is) without changing its message.
func Mark(kind, err error) error { return withKind(kind, err) }

// withKind marks err as being of kind.
func withKind(kind, err error) error {
	if err == nil || errors.Is(err, kind) {
		return err
	}
	return &kindError{kind, err}
}
