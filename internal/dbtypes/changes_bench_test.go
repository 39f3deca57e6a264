package dbtypes

import "testing"

var benchChanges = map[string]string{
	"update": `{"replicas":{"old":1,"new":2},"updated_at":{"old":"2024-01-15T10:30:00Z","new":"2024-01-15T14:30:00.123456Z"}}`,
	"create": `{"cluster_name":{"old":null,"new":"gpu-cluster-1"},"cp":{"old":null,"new":8},"created_at":{"old":null,"new":"2024-01-15T10:30:00Z"},"description":{"old":null,"new":"LLaMA 7B chat model for production"},"id":{"old":null,"new":123},"image_tag":{"old":null,"new":"llama:7b-latest"},"model_name":{"old":null,"new":"llama-7b"},"model_version":{"old":null,"new":"latest"},"name":{"old":null,"new":"llama-7b-chat"},"pp":{"old":null,"new":1},"priority":{"old":null,"new":"high"},"replicas":{"old":null,"new":2},"status":{"old":null,"new":"active"},"tp":{"old":null,"new":1},"updated_at":{"old":null,"new":"2024-01-15T10:30:00Z"},"version":{"old":null,"new":1}}`,
}

func BenchmarkChangesScan(b *testing.B) {
	for name, raw := range benchChanges {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var c Changes
				if err := c.Scan(raw); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
