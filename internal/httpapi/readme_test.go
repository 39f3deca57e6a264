package httpapi_test

import (
	"bufio"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeExamples runs every curl example of README.md's API section, in order, against a
// fresh server of each engine, and checks the status each example's comment promises. The
// examples include every example of the product description's "API Documentation".
func TestReadmeExamples(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed")
	}
	examples := readmeExamples(t)
	if len(examples) < 20 {
		t.Fatalf("found only %d curl examples in README.md", len(examples))
	}
	forEachEngine(t, func(t *testing.T, s *server) {
		for _, ex := range examples {
			cmd := strings.ReplaceAll(ex.command, "http://localhost:8000", s.url) + ` -s -o /dev/null -w '%{http_code}'`
			out, err := exec.Command("bash", "-c", cmd).CombinedOutput()
			if err != nil {
				t.Fatalf("%s: %v %s", ex.command, err, out)
			}
			if got := strings.TrimSpace(string(out)); got != ex.status {
				t.Fatalf("%s\n  got HTTP %s, the README promises %s", ex.command, got, ex.status)
			}
		}
	})
}

type example struct{ command, status string }

var promisedStatus = regexp.MustCompile(`#\s*(\d{3})\b`)

func readmeExamples(t *testing.T) []example {
	f, err := os.Open("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []example
	inAPI := false
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			inAPI = line == "## The API"
		}
		if !inAPI || !strings.HasPrefix(line, "curl ") {
			continue
		}
		cmd, comment, ok := strings.Cut(line, "   #")
		m := promisedStatus.FindStringSubmatch("#" + comment)
		if !ok || m == nil {
			t.Fatalf("README example without a promised status: %s", line)
		}
		out = append(out, example{command: strings.TrimSpace(cmd), status: m[1]})
	}
	return out
}
