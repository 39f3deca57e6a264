package httpapi_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/iims/iims/internal/testutil/dbtest"
)

// rawGet sends a GET with exactly the Accept-Encoding given (Go's transport would otherwise ask
// for gzip itself and hide the encoding) and returns the response with its body as sent.
func rawGet(t *testing.T, url, acceptEncoding string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), "GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, body
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestResponsesAreCompressedWhenAskedAndLargeEnough(t *testing.T) {
	s := newServer(t, dbtest.Engines[0])
	var id int64
	for i := range 40 {
		id = s.create(fmt.Sprintf("gz-%02d", i), map[string]any{"description": strings.Repeat("compressible text ", 10)})
	}

	for _, path := range []string{"/api/instances?limit=100&sort=name", "/api/instances/export?format=csv&sort=name", "/api/history?limit=100"} {
		plain, plainBody := rawGet(t, s.url+path, "")
		if plain.StatusCode != 200 || plain.Header.Get("Content-Encoding") != "" {
			t.Fatalf("%s without Accept-Encoding: %d, Content-Encoding %q", path, plain.StatusCode, plain.Header.Get("Content-Encoding"))
		}
		zipped, zippedBody := rawGet(t, s.url+path, "gzip, deflate")
		if zipped.StatusCode != 200 || zipped.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(zipped.Header.Get("Vary"), "Accept-Encoding") {
			t.Fatalf("%s with gzip: %d, Content-Encoding %q, Vary %q", path, zipped.StatusCode, zipped.Header.Get("Content-Encoding"), zipped.Header.Get("Vary"))
		}
		if len(zippedBody) >= len(plainBody)/2 {
			t.Fatalf("%s: %d bytes gzipped against %d plain", path, len(zippedBody), len(plainBody))
		}
		if got := gunzip(t, zippedBody); !bytes.Equal(got, plainBody) {
			t.Fatalf("%s: the gzipped body differs from the plain one", path)
		}
		if !strings.Contains(plain.Header.Get("Vary"), "Accept-Encoding") {
			t.Fatalf("%s: an uncompressed answer must say it varies too (Vary %q)", path, plain.Header.Get("Vary"))
		}
	}

	// One instance is smaller than the threshold: not worth compressing.
	one, body := rawGet(t, fmt.Sprintf("%s/api/instances/%d", s.url, id), "gzip")
	if one.StatusCode != 200 || one.Header.Get("Content-Encoding") != "" || !json.Valid(body) {
		t.Fatalf("a small answer: %d, Content-Encoding %q", one.StatusCode, one.Header.Get("Content-Encoding"))
	}
	// Errors are rendered through the compressor too: a valid envelope, with its status.
	bad, body := rawGet(t, s.url+"/api/instances?limit=0&skip=-1&sort=nope&status=nope&priority=nope", "gzip")
	if bad.Header.Get("Content-Encoding") == "gzip" {
		body = gunzip(t, body)
	}
	var envelope struct {
		Error struct {
			Type string `json:"type"`
		} `json:"error"`
	}
	if bad.StatusCode != 422 || json.Unmarshal(body, &envelope) != nil || envelope.Error.Type == "" {
		t.Fatalf("an error with gzip asked for: %d %q", bad.StatusCode, body)
	}
	// zstd when the client prefers it.
	if z, _ := rawGet(t, s.url+"/api/instances?limit=100", "zstd, gzip;q=0.5"); z.Header.Get("Content-Encoding") != "zstd" {
		t.Fatalf("zstd preferred: Content-Encoding %q", z.Header.Get("Content-Encoding"))
	}
	// The spec and the docs' assets are text as well.
	if spec, _ := rawGet(t, s.url+"/openapi.json", "gzip"); spec.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("/openapi.json: Content-Encoding %q", spec.Header.Get("Content-Encoding"))
	}
}
