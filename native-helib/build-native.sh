#!/usr/bin/env bash
# Builds HElib (library build against the system's NTL and GMP) and the JNI shim into OUT.
# Usage: build-native.sh OUT TARBALL [SOURCE_DIR] [INSTALLED_PREFIX] [JDK_HOME]
# Reuses the previous HElib build when its inputs (source tarball or directory, flags) are
# unchanged; the shim is rebuilt by make's own dependency check.
set -euo pipefail
OUT="$1"; TARBALL="$2"; SOURCE="${3:-}"; PREFIX="${4:-}"
JDK="${5:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}}"
mkdir -p "$OUT"
HELIB_FLAGS="-DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED=ON -DPACKAGE_BUILD=OFF -DENABLE_THREADS=ON -DPEDANTIC_BUILD=OFF -DENABLE_TEST=OFF"
JOBS="$(nproc 2>/dev/null || echo 2)"

for tool in cmake make g++; do
  command -v "$tool" >/dev/null || { echo "native-helib: '$tool' is missing (Debian: apt-get install cmake g++)" >&2; exit 1; }
done
if [ ! -f /usr/include/NTL/ZZ.h ] && [ -z "$PREFIX" ]; then
  echo "native-helib: NTL headers missing (Debian: apt-get install libntl-dev libgmp-dev)" >&2; exit 1
fi

if [ -z "$PREFIX" ]; then
  PREFIX="$OUT/helib-install"
  if [ -n "$SOURCE" ]; then
    [ -f "$SOURCE/CMakeLists.txt" ] || { echo "native-helib: -Dhelib.source=$SOURCE is not an HElib source tree" >&2; exit 1; }
    # the newest modification time of its sources stands for its content
    INPUT="source:$(cd "$SOURCE" && pwd):$(find "$SOURCE" -type f \( -name '*.cpp' -o -name '*.h' -o -name CMakeLists.txt \) -printf '%T@\n' | sort -n | awk 'END { print }')"
    SRC="$SOURCE"
  else
    [ -f "$TARBALL" ] || { echo "native-helib: HElib source not found at $TARBALL (give -Dhelib.source=<HElib checkout> or -Dhelib.prefix=<installed HElib>)" >&2; exit 1; }
    INPUT="tarball:$(sha256sum "$TARBALL" | cut -d' ' -f1)"
    SRC="$OUT/helib-src/$(tar tzf "$TARBALL" | awk -F/ 'NR == 1 { print $1 }')"  # awk reads all: head would SIGPIPE tar under pipefail
  fi
  STAMP="$INPUT $HELIB_FLAGS"
  if [ -f "$PREFIX/lib/libhelib.so" ] && [ "$(cat "$OUT/helib.stamp" 2>/dev/null)" = "$STAMP" ]; then
    echo "native-helib: HElib unchanged, reusing $PREFIX"
  else
    start=$(date +%s)
    if [ -z "$SOURCE" ]; then
      rm -rf "$OUT/helib-src"; mkdir -p "$OUT/helib-src"
      tar xzf "$TARBALL" -C "$OUT/helib-src"
    fi
    rm -rf "$OUT/helib-build" "$PREFIX"; mkdir -p "$OUT/helib-build"
    echo "native-helib: building HElib from $SRC (log: $OUT/helib-build/build.log)"
    if ! (cd "$OUT/helib-build" && cmake "$SRC" $HELIB_FLAGS -DCMAKE_INSTALL_PREFIX="$PREFIX" && make -j"$JOBS" && make install) \
        > "$OUT/helib-build/build.log" 2>&1; then
      tail -40 "$OUT/helib-build/build.log" >&2; exit 1
    fi
    echo "$STAMP" > "$OUT/helib.stamp"
    echo "native-helib: HElib built in $(( $(date +%s) - start )) s"
  fi
fi

HELIB_CMAKE_DIR="$(dirname "$(find "$PREFIX" -name helibConfig.cmake | awk 'NR == 1')")"
[ -f "$HELIB_CMAKE_DIR/helibConfig.cmake" ] || { echo "native-helib: no helibConfig.cmake under $PREFIX" >&2; exit 1; }
SHIM_SRC="$(cd "$(dirname "$0")" && pwd)/src/main/cpp"
mkdir -p "$OUT/shim-build" "$OUT/lib"
if ! (cd "$OUT/shim-build" && cmake "$SHIM_SRC" -DCMAKE_BUILD_TYPE=Release -Dhelib_DIR="$HELIB_CMAKE_DIR" -DJDK_HOME="$JDK" \
      -DCMAKE_INSTALL_PREFIX="$OUT" && make -j"$JOBS" && make install) > "$OUT/shim-build/build.log" 2>&1; then
  tail -40 "$OUT/shim-build/build.log" >&2; exit 1
fi
echo "native-helib: shim at $OUT/lib/libsmile_helib.so"
