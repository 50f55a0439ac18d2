//go:build js && wasm

// Command selfcheck-wasm is the self-check page's engine, compiled to
// WebAssembly by scripts/selfcheck-wasm.sh and embedded by package
// selfcheck. It only moves bytes and JSON between the page and package
// selfcheck, so that the page gives the CLI's answers.
//
// It sets a global object starrate with:
//
//	check(files)           → Promise<string>: JSON of selfcheck.Report
//	annotate(files, name)  → Promise<Uint8Array>: the annotated copy of name
//	template()             → Promise<Uint8Array>: the blank 申报表
//	surveyTemplate()       → Promise<Uint8Array>: the blank 表A.1
//	maxFileSize            the input cap in bytes
//
// files is an array of {name, size, data: Uint8Array}.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"syscall/js"

	"github.com/bax/starrate/selfcheck"
	"github.com/bax/starrate/templates"
)

func main() {
	api := js.Global().Get("Object").New()
	api.Set("check", js.FuncOf(func(_ js.Value, args []js.Value) any {
		files, err := filesOf(args)
		return promise(func() (any, error) {
			if err != nil {
				return nil, err
			}
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(selfcheck.Check(context.Background(), files)); err != nil {
				return nil, err
			}
			return b.String(), nil
		})
	}))
	api.Set("annotate", js.FuncOf(func(_ js.Value, args []js.Value) any {
		files, err := filesOf(args)
		return promise(func() (any, error) {
			if err != nil {
				return nil, err
			}
			if len(args) < 2 {
				return nil, errors.New("annotate(files, name)：缺少文件名")
			}
			b, err := selfcheck.Annotated(context.Background(), files, args[1].String())
			if err != nil {
				return nil, err
			}
			return bytesToJS(b), nil
		})
	}))
	api.Set("template", js.FuncOf(func(js.Value, []js.Value) any {
		return promise(func() (any, error) { return written(func(w io.Writer) error { return templates.Write(w, 0) }) })
	}))
	api.Set("surveyTemplate", js.FuncOf(func(js.Value, []js.Value) any {
		return promise(func() (any, error) { return written(templates.WriteSurvey) })
	}))
	api.Set("maxFileSize", selfcheck.Options().MaxFileSize)
	js.Global().Set("starrate", api)
	js.Global().Call("dispatchEvent", js.Global().Get("Event").New("starrate-ready"))
	select {} // the functions above live as long as the page
}

// filesOf copies the page's files into Go memory. It runs in the caller's
// turn: the JS objects are read before the promise's goroutine starts.
func filesOf(args []js.Value) ([]selfcheck.File, error) {
	if len(args) < 1 || args[0].Type() != js.TypeObject {
		return nil, errors.New("缺少文件列表")
	}
	list := args[0]
	files := make([]selfcheck.File, list.Length())
	for i := range files {
		f := list.Index(i)
		data := f.Get("data")
		if data.Type() != js.TypeObject || !data.InstanceOf(js.Global().Get("Uint8Array")) {
			return nil, fmt.Errorf("第 %d 个文件没有内容", i+1)
		}
		files[i] = selfcheck.File{Name: f.Get("name").String(), Size: int64(f.Get("size").Float()), Data: make([]byte, data.Length())}
		js.CopyBytesToGo(files[i].Data, data)
	}
	return files, nil
}

func written(write func(io.Writer) error) (any, error) {
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return nil, err
	}
	return bytesToJS(b.Bytes()), nil
}

func bytesToJS(b []byte) js.Value {
	u := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(u, b)
	return u
}

// promise runs fn on its own goroutine: Go code called from JS must not
// block the event loop's turn, and the page stays responsive meanwhile.
func promise(fn func() (any, error)) js.Value {
	var executor js.Func
	executor = js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve, reject := args[0], args[1]
		go func() {
			defer func() {
				if v := recover(); v != nil {
					reject.Invoke(js.Global().Get("Error").New(fmt.Sprintf("内部错误：%v", v)))
				}
			}()
			v, err := fn()
			if err != nil {
				reject.Invoke(js.Global().Get("Error").New(err.Error()))
				return
			}
			resolve.Invoke(v)
		}()
		return nil
	})
	p := js.Global().Get("Promise").New(executor)
	executor.Release()
	return p
}
