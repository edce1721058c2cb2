"""The ground floor of govwork: settings, typed errors, the jurisdiction registry and the
record contracts. Every other package may import from here; nothing here imports any other
package of the project (tests/test_layers.py holds that line)."""
