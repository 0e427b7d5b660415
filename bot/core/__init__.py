"""The pure core: detect, parse, explain. Imports neither botocore nor slack."""
