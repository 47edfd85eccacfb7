#!/usr/bin/env python3
"""Validates JSON documents against one of Slate's JSON Schemas.

usage: validate_json.py SCHEMA DOCUMENT...   (each DOCUMENT a file holding one JSON value)
Prints one line per problem and exits 1 if any document is invalid.
"""
import json
import sys

import jsonschema


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as schema_file:
        schema = json.load(schema_file)
    validator = jsonschema.Draft202012Validator(schema)
    jsonschema.Draft202012Validator.check_schema(schema)
    failed = False
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as document_file:
            document = json.load(document_file)
        for error in validator.iter_errors(document):
            failed = True
            where = "/".join(str(part) for part in error.absolute_path) or "(root)"
            print(f"{path}: {where}: {error.message}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
