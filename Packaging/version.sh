#!/bin/sh
# Prints the version cpdcert is released as: BuildInfo.version, its one definition.
file=$(dirname "$0")/../Sources/CPDCore/BuildInfo.swift
version=$(sed -n 's/^ *public static let version = "\(.*\)"$/\1/p' "$file")
[ -n "$version" ] || { echo "version.sh: no 'public static let version = \"...\"' line in $file" >&2; exit 1; }
echo "$version"
