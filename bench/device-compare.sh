#!/usr/bin/env bash
# bench/compare.sh on the GPU machine: the carried build/compare/<label>
# folders of two specs (built here with COMPARE_BUILD_ONLY=1), run A B A B.
#   bash bench/device-compare.sh SPEC_A SPEC_B [ROUNDS]
set -u
cd "$(dirname "$0")/.."
source bench/device-setup.sh "device-compare-$(echo "$1-$2" | tr ':= ' '_-_').log"
COMPARE_PREBUILT=1 COMPARE_OUT=${COMPARE_OUT:-/tmp/compare-$$} bash bench/compare.sh "$@"
