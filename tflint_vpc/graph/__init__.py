"""`tfvpc graph`: the topology as a picture with the findings drawn on it.

`types` holds the drawable graph (nodes, edges, findings) and imports nothing from the
package; `model` turns a topology and its diagnostics into one (with the routing layer for
what a peering carries); `shrink` groups what repeats and cuts a neighbourhood; `mermaid`,
`dot` and `json` render it. This file imports nothing, so that reporters can use `types` and
`mermaid` without pulling in the routing layer.
"""
