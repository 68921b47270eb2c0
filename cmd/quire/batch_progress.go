package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progressMeter turns the batch states seen while waiting into progress
// output: a bar redrawn in place on a terminal, else a plain line every
// interval (and at the end). The rate counts the documents finished since
// the meter first saw the batch, so a resumed wait measures its own part.
type progressMeter struct {
	w        io.Writer
	tty      bool
	interval time.Duration // plain lines: at most one per interval
	now      func() time.Time

	started   bool
	start     time.Time
	startDone int
	lastLine  time.Time
	drawn     bool // a bar is on the terminal's current line
}

func newProgressMeter(w io.Writer, interval time.Duration) *progressMeter {
	return &progressMeter{w: w, tty: isTerminal(w), interval: interval, now: time.Now}
}

// update shows done of total; final forces a plain line and ends the bar's line.
func (m *progressMeter) update(done, total int, final bool) {
	now := m.now()
	if !m.started {
		m.started, m.start, m.startDone, m.lastLine = true, now, done, now
	}
	rate := docsPerSecond(done-m.startDone, now.Sub(m.start))
	if m.tty {
		fmt.Fprintf(m.w, "\r%s", progressBar(done, total, rate, 30))
		m.drawn = true
		if final {
			fmt.Fprintln(m.w)
			m.drawn = false
		}
		return
	}
	if final || now.Sub(m.lastLine) >= m.interval {
		fmt.Fprintln(m.w, progressLine(done, total, rate))
		m.lastLine = now
	}
}

// endLine ends a bar left on the terminal's line, before other output.
func (m *progressMeter) endLine() {
	if m.drawn {
		fmt.Fprintln(m.w)
		m.drawn = false
	}
}

// docsPerSecond is n documents over d; 0 until time has passed.
func docsPerSecond(n int, d time.Duration) float64 {
	if n <= 0 || d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// etaText is the time left for remaining documents at rate, as clock
// digits ("1:05", "1:02:03"); "?" while the rate is unknown.
func etaText(remaining int, rate float64) string {
	if remaining <= 0 {
		return "0:00"
	}
	if rate <= 0 {
		return "?"
	}
	return clock(time.Duration(float64(remaining) / rate * float64(time.Second)))
}

// clock writes d as m:ss, or h:mm:ss from an hour on, rounded to seconds.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// percent is done of total in whole percents (rounded down: 100 only when all are done).
func percent(done, total int) int {
	if total <= 0 {
		return 0
	}
	return done * 100 / total
}

// progressBar is the terminal's line: a bar width characters wide, then
// the counts, the percentage, the rate and the time left.
func progressBar(done, total int, rate float64, width int) string {
	fill := 0
	if total > 0 {
		fill = min(done*width/total, width)
	}
	return fmt.Sprintf("[%s%s] %s", strings.Repeat("#", fill), strings.Repeat(".", width-fill), progressFigures(done, total, rate))
}

// progressLine is a plain line for logs and pipes.
func progressLine(done, total int, rate float64) string {
	return "documents " + progressFigures(done, total, rate)
}

func progressFigures(done, total int, rate float64) string {
	return fmt.Sprintf("%d/%d %3d%%  %.1f docs/s  ETA %s", done, total, percent(done, total), rate, etaText(total-done, rate))
}

// isTerminal tells whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
