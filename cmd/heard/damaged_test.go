package main

import (
	"context"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// spoil damages a data file as disks and mistakes do: cut short, leaf pages whose entries
// point outside the file (once a SIGSEGV and a crash loop), or emptied.
func spoil(t *testing.T, path, how string) {
	t.Helper()
	switch how {
	case "truncated":
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(path, fi.Size()/3); err != nil {
			t.Fatal(err)
		}
	case "garbage pages":
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		page := make([]byte, 4096)
		for n := int64(2); ; n++ {
			if _, err := f.ReadAt(page, n*4096); err != nil {
				break
			}
			if binary.LittleEndian.Uint16(page[8:]) != 0x02 { // leaf pages only
				continue
			}
			for i := range min(int(binary.LittleEndian.Uint16(page[10:])), 255) {
				binary.LittleEndian.PutUint32(page[16+i*16+4:], 0x70000000) // where each entry is
			}
			if _, err := f.WriteAt(page, n*4096); err != nil {
				t.Fatal(err)
			}
		}
	case "empty":
		if err := os.Truncate(path, 0); err != nil {
			t.Fatal(err)
		}
	}
}

// Heard refuses to start on a damaged or emptied store, with one sentence that names the
// file and says what to do, never a Go trace and never a new empty store over it; heard
// check says what is wrong and exits 1; on a sound file it exits 0, also while Heard runs.
func TestDamagedStoreStopsStartWithOneSentence(t *testing.T) {
	for _, how := range []string{"truncated", "garbage pages", "empty"} {
		t.Run(how, func(t *testing.T) {
			dir := t.TempDir()
			seedResponses(t, dir, 3000)
			path := filepath.Join(dir, "heard.db")
			spoil(t, path, how)
			before, _ := os.ReadFile(path)
			env := []string{"HEARD_DATA=" + dir}
			// Heard that starts is stopped after 30 s; one that refuses has long gone by then.
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			serve := exec.CommandContext(ctx, heardBinary(t), "serve")
			serve.Env = []string{"PATH=" + os.Getenv("PATH"), "HEARD_DATA=" + dir, "HEARD_ADDR=" + freeAddr(t)}
			output, err := serve.CombinedOutput()
			out := string(output)
			if ctx.Err() != nil || err == nil {
				t.Fatalf("Heard started on a %s store: %s", how, out)
			}
			if code := serve.ProcessState.ExitCode(); code != exitDamaged {
				t.Errorf("exit status %d, want %d (which systemd is told not to restart on)", code, exitDamaged)
			}
			line := strings.TrimSpace(out)
			if strings.Count(line, "\n") > 0 || !strings.Contains(line, path) || !strings.Contains(line, "heard check") ||
				!strings.Contains(line, "heard restore") {
				t.Errorf("not one sentence naming the file and what to do:\n%s", out)
			}
			for _, trace := range []string{"goroutine", "panic", "SIGSEGV", "fatal error", ".go:"} {
				if strings.Contains(out, trace) {
					t.Errorf("a Go trace (%q):\n%s", trace, out)
				}
			}
			if after, _ := os.ReadFile(path); string(after) != string(before) {
				t.Error("the damaged file was changed")
			}
			out, err = runHeard(t, env, "check")
			if err == nil || !strings.Contains(out, path) || !strings.Contains(out, "heard restore") {
				t.Errorf("heard check on a %s store: %v\n%s", how, err, out)
			}
			t.Logf("%s: %s", how, line)
		})
	}
	dir := t.TempDir()
	seedResponses(t, dir, 10)
	env := []string{"HEARD_DATA=" + dir}
	if out, err := runHeard(t, env, "check"); err != nil || !strings.Contains(out, "is sound") {
		t.Errorf("heard check on a sound store: %v %s", err, out)
	}
	startHeard(t, env...)
	if out, err := runHeard(t, env, "check"); err != nil || !strings.Contains(out, "responses: 10") {
		t.Errorf("heard check while Heard runs: %v %s", err, out)
	}
}
