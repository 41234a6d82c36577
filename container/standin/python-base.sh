#!/usr/bin/env bash
# Build a local stand-in for docker.io/library/python:3.10-slim-bookworm, for machines that
# reach Debian's packages and PyPI but no container registry (scripts/test_container.sh):
#   debootstrap --variant=minbase bookworm  +  this machine's own Python 3.10  ->  podman import
#
#   container/standin/python-base.sh IMAGE [PYTHON_PREFIX]
#
# The Python is a relocatable build (pyenv's: --enable-shared, linked only against libraries
# bookworm ships). It is copied to /usr/local like the official image's, without the host's
# site-packages, tests or caches; the few text files that hold the old prefix are rewritten,
# ldconfig finds libpython, and pip comes back from ensurepip. Needs root, debootstrap, podman.
set -euo pipefail
image=${1:?usage: python-base.sh IMAGE [PYTHON_PREFIX]}
prefix=${2:-}
say() { echo "python-base: $*"; }
die() { echo "python-base: $*" >&2; exit 1; }

if [ -z "$prefix" ]; then
  py=$("$(dirname "$0")/../../scripts/find_python.sh")
  prefix=$("$py" -c 'import sys; print(sys.base_prefix)')
fi
[ -x "$prefix/bin/python3.10" ] || die "no Python 3.10 under $prefix"
ls "$prefix"/lib/libpython3.10.so* >/dev/null 2>&1 ||
  die "$prefix/bin/python3.10 is not a shared build (--enable-shared): cannot be relocated"
[ "$prefix" != /usr/local ] || die "the Python is already at /usr/local; copy it from elsewhere"

work=$(mktemp -d "${TMPDIR:-/var/tmp}/python-base.XXXXXX")
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"

# The Debian mirror apt uses on this machine, if it names one (else debootstrap's default).
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1 || true)
# What python:3.10-slim-bookworm has beside Python: certificates, netbase, tzdata and the
# shared libraries the standard library's extension modules link against.
libs=ca-certificates,netbase,tzdata,libssl3,libsqlite3-0,libffi8,libbz2-1.0,liblzma5,\
libreadline8,libncursesw6,libuuid1,libexpat1,zlib1g,libnsl2,libtirpc3,libcrypt1,libgdbm6
say "debootstrap --variant=minbase bookworm (a minute or two)"
debootstrap --variant=minbase --include="$libs" bookworm "$root" ${mirror:+"$mirror"} \
  >"$work/debootstrap.log" 2>&1 || { tail -n 20 "$work/debootstrap.log" >&2; die "debootstrap failed"; }

say "copying Python 3.10 from $prefix to /usr/local"
tar -C "$prefix" -cf - \
  --exclude='./lib/python3.10/site-packages/*' --exclude='__pycache__' \
  --exclude='./lib/python3.10/test' --exclude='./lib/python3.10/idlelib' \
  --exclude='./lib/python3.10/tkinter' --exclude='./lib/python3.10/turtledemo' \
  --exclude='./lib/python3.10/lib2to3/tests' \
  --exclude='./lib/python3.10/lib-dynload/_tkinter*' --exclude='*.a' \
  --exclude='./bin/pip*' --exclude='./bin/idle*' \
  bin include lib share | tar -C "$root/usr/local" -xf -
grep -rlI --null -- "$prefix" "$root/usr/local" | xargs -0 -r sed -i "s#$prefix#/usr/local#g"
ln -sf python3.10 "$root/usr/local/bin/python3"
ln -sf python3 "$root/usr/local/bin/python"

say "ldconfig, ensurepip, byte-compiling the standard library"
chroot "$root" /sbin/ldconfig
chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin \
  /usr/local/bin/python3.10 -m ensurepip --default-pip >/dev/null
chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin \
  /usr/local/bin/python3.10 -m compileall -q -j 2 /usr/local/lib/python3.10 >/dev/null 2>&1 || true
chroot "$root" /usr/local/bin/python3 -c 'import ssl, sqlite3, ctypes, lzma, bz2, uuid, zlib, readline'
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
  "$root"/var/log/*.log "$root"/usr/share/doc/* "$root"/usr/share/man/*

say "podman import -> $image"
tar -C "$root" --numeric-owner -cf - . | podman import \
  --change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["python3"]' \
  - "$image" >"$work/import.log" 2>&1 || { tail -n 20 "$work/import.log" >&2; die "podman import failed"; }
say "done ($(podman image inspect --format '{{.Size}}' "$image" | awk '{printf "%d MB", $1/1e6}'))"
