#!/usr/bin/env bash
# Runs the fault-injection suite by hand, longer than CI does (docs/reliability.md).
#   tests/Parley.Faults/run.sh [--trials N] [--seed S] [--soak-seconds T] [--filter NAME] [--debug]
# --trials sets PARLEY_FAULT_TRIALS for every trial-based scenario, --seed PARLEY_FAULT_SEED (a
# failing run prints its seed, so it can be replayed), --soak-seconds PARLEY_SOAK_SECONDS (1800 for
# the 30-minute soak), --filter picks scenarios by test class (e.g. Soak, ProcessKill, BadInput).
set -euo pipefail
cd "$(dirname "$0")/../.."
configuration=Release
filter=""
while [ $# -gt 0 ]; do
  case "$1" in
    --trials) export PARLEY_FAULT_TRIALS="$2"; shift 2 ;;
    --seed) export PARLEY_FAULT_SEED="$2"; shift 2 ;;
    --soak-seconds) export PARLEY_SOAK_SECONDS="$2"; shift 2 ;;
    --filter) filter="$2"; shift 2 ;;
    --debug) configuration=Debug; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

dotnet build tests/Parley.Faults -c "$configuration" --nologo -v quiet
dotnet test tests/Parley.Faults -c "$configuration" --no-build \
  ${filter:+--filter "FullyQualifiedName~$filter"} \
  --logger "console;verbosity=detailed"
