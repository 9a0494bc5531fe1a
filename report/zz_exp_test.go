package report

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/reprint-tool/reprint"
)

var LargeForExp func() *reprint.Result

type capt struct {
	symbols tw.Symbols
	headers []string
	aligns  tw.Alignment
	data    [][]string
}

func capture(b *testing.B) []capt {
	var cs []capt
	captureHook = func(symbols tw.Symbols, headers []string, aligns tw.Alignment, data [][]string) {
		cs = append(cs, capt{symbols, headers, aligns, data})
	}
	defer func() { captureHook = nil }()
	var buf bytes.Buffer
	if err := Write(&buf, Table, LargeForExp()); err != nil {
		b.Fatal(err)
	}
	return cs
}

func renderTW(buf *bytes.Buffer, c capt) {
	t := tablewriter.NewTable(buf,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: c.symbols})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithAlignment(c.aligns),
	)
	t.Header(c.headers)
	t.Bulk(c.data)
	t.Render()
}

func BenchmarkExpTW(b *testing.B) {
	cs := capture(b)
	b.Run("plain", func(b *testing.B) {
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			for _, c := range cs {
				renderTW(&buf, c)
			}
		}
	})
	b.Run("nocache", func(b *testing.B) {
		twwidth.SetCacheCapacity(0)
		defer twwidth.SetCacheCapacity(8192)
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			for _, c := range cs {
				renderTW(&buf, c)
			}
		}
	})
	b.Run("chunk500", func(b *testing.B) {
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			for _, c := range cs {
				for i := 0; i < len(c.data); i += 500 {
					c2 := c
					c2.data = c.data[i:min(i+500, len(c.data))]
					renderTW(&buf, c2)
				}
			}
		}
	})
}

func joinRows(rows [][]string) [][]string {
	n := len(rows[0])
	out := make([]string, n)
	for c := 0; c < n; c++ {
		var b bytes.Buffer
		for i, r := range rows {
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(r[c])
		}
		out[c] = b.String()
	}
	return [][]string{out}
}

func TestExpJoin(t *testing.T) {
	var cs []capt
	captureHook = func(symbols tw.Symbols, headers []string, aligns tw.Alignment, data [][]string) {
		cs = append(cs, capt{symbols, headers, aligns, data})
	}
	defer func() { captureHook = nil }()
	var buf bytes.Buffer
	if err := Write(&buf, Table, LargeForExp()); err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		var a, b bytes.Buffer
		renderTW(&a, c)
		c.data = joinRows(c.data)
		renderTW(&b, c)
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("differ")
		}
	}
}

func BenchmarkExpJoin(b *testing.B) {
	cs := capture(b)
	for i := range cs {
		cs[i].data = joinRows(cs[i].data)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		for _, c := range cs {
			renderTW(&buf, c)
		}
	}
}

func colWidths(c capt) tw.Mapper[int, int] {
	m := tw.NewMapper[int, int]()
	for i, h := range c.headers {
		m.Set(i, twwidth.Width(h)+2)
	}
	for _, r := range c.data {
		for i, cell := range r {
			for _, l := range strings.Split(cell, "\n") {
				if w := twwidth.Width(l) + 2; w > m.Get(i) {
					m.Set(i, w)
				}
			}
		}
	}
	return m
}

func renderChunk(buf *bytes.Buffer, c capt, widths tw.Mapper[int, int], first, last bool) {
	top, bottom := tw.Off, tw.Off
	if first {
		top = tw.On
	}
	if last {
		bottom = tw.On
	}
	t := tablewriter.NewTable(buf,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: c.symbols,
			Borders: tw.Border{Left: tw.On, Right: tw.On, Top: top, Bottom: bottom}})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithAlignment(c.aligns),
		tablewriter.WithColumnWidths(widths),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
	)
	if first {
		t.Header(c.headers)
	}
	t.Bulk(c.data)
	t.Render()
}

func renderChunked(buf *bytes.Buffer, c capt, size int, par bool) {
	widths := colWidths(c)
	n := (len(c.data) + size - 1) / size
	bufs := make([]bytes.Buffer, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for k := 0; k < n; k++ {
		c2 := c
		c2.data = c.data[k*size : min((k+1)*size, len(c.data))]
		f := func() { renderChunk(&bufs[k], c2, widths, k == 0, k == n-1) }
		if par {
			wg.Add(1)
			sem <- struct{}{}
			go func() { defer wg.Done(); f(); <-sem }()
		} else {
			f()
		}
	}
	wg.Wait()
	for k := range bufs {
		buf.Write(bufs[k].Bytes())
	}
}

func TestExpChunk(t *testing.T) {
	var cs []capt
	captureHook = func(symbols tw.Symbols, headers []string, aligns tw.Alignment, data [][]string) {
		cs = append(cs, capt{symbols, headers, aligns, data})
	}
	defer func() { captureHook = nil }()
	var buf bytes.Buffer
	if err := Write(&buf, Table, LargeForExp()); err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		var a, b bytes.Buffer
		renderTW(&a, c)
		renderChunked(&b, c, 1000, true)
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("differ %d %d", a.Len(), b.Len())
		}
	}
}

func BenchmarkExpChunk(b *testing.B) {
	cs := capture(b)
	for _, par := range []bool{false, true} {
		b.Run(fmt.Sprint(par), func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				for _, c := range cs {
					renderChunked(&buf, c, 1000, par)
				}
			}
		})
	}
}

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkExpCPU(b *testing.B) {
	cs := capture(b)
	lines := 0
	for _, c := range cs {
		for _, r := range c.data {
			lines += strings.Count(strings.Join(r, "\n"), "\n")/len(r) + 1
		}
	}
	b.Logf("approx lines %d", lines)
	run := func(name string, f func(buf *bytes.Buffer)) {
		b.Run(name, func(b *testing.B) {
			var buf bytes.Buffer
			runtime.GC()
			c0 := cpuNow()
			for b.Loop() {
				buf.Reset()
				f(&buf)
			}
			b.ReportMetric(float64(cpuNow()-c0)/float64(b.N), "cpu-ns/op")
		})
	}
	run("plain", func(buf *bytes.Buffer) {
		for _, c := range cs {
			renderTW(buf, c)
		}
	})
	run("nocache", func(buf *bytes.Buffer) {
		twwidth.SetCacheCapacity(0)
		defer twwidth.SetCacheCapacity(8192)
		for _, c := range cs {
			renderTW(buf, c)
		}
	})
	run("chunk1000", func(buf *bytes.Buffer) {
		for _, c := range cs {
			renderChunked(buf, c, 1000, false)
		}
	})
	run("writeTable", func(buf *bytes.Buffer) {
		Write(buf, Table, LargeForExp())
	})
}
