package export

import (
	"bytes"
	"encoding/json"
	"fmt"

	"go.yaml.in/yaml/v3"
)

// YAML writes a list of mappings, one item per record, keys in the API's order.
const YAML Format = "yaml"

// yamlItem renders one record as a YAML list item ("- key: value …").
func yamlItem(v any) ([]byte, error) {
	js, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var node yaml.Node // decoding JSON into a node keeps the key order
	if err := yaml.Unmarshal(js, &node); err != nil {
		return nil, fmt.Errorf("convert to YAML: %w", err)
	}
	seq := &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{plain(node.Content[0])}}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(seq); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}

// plain drops the styles that JSON input gives nodes (flow mappings, double-quoted strings): the
// encoder then writes block style and quotes only strings that would otherwise read as another
// type ("123", "true").
func plain(n *yaml.Node) *yaml.Node {
	n.Style = 0
	for _, c := range n.Content {
		plain(c)
	}
	return n
}
