#!/usr/bin/env bash
# CI templates, container, pre-commit and shell completion, run as far as
# this machine allows (no Docker engine, no GitHub or GitLab runner here):
#   - .github/workflows/scomc.yml and ci/gitlab-ci.yml parse (YAML), name the
#     same commands, and every command but the apt-get install runs in a
#     clean copy of the repository (git ls-files), in order; the SARIF it
#     writes validates (tests/sarif's validator); the apt-get lines install
#     Debian packages that exist here and that the Makefile's deps lists;
#   - the Dockerfile's build-stage RUN steps run in that copy (apt-get and
#     the clean of /var/lib/apt aside), make install into its DESTDIR; the
#     installed scomc then does what the README's `docker run` does; the
#     runtime stage's packages are the libraries the binary links against;
#     the image runs as a non-root user;
#   - .pre-commit-hooks.yaml's entries pass on a formatted file and fail on
#     a badly laid out one;
#   - make install puts the bash and zsh completion in place; the bash one
#     completes commands, options and option values.
#   SCOMC=build/scomc bash tests/packaging/run.sh
set -u
SUITE_NO_SCOMC=1 . "$(dirname "${BASH_SOURCE[0]}")/../lib/suite.sh" packaging
steps() { python3 "$here/steps.py" "$@"; }
unset SCOMC_SCHEMA_DIR SCOMC_TEMPLATE_DIR
# The copy is built as a user would: not with the make flags of an outer
# `make check SANITIZE=...` (make passes command-line variables down).
unset MAKEFLAGS MFLAGS MAKELEVEL SANITIZE

# ---- the workflows ----
gh=$ROOT/.github/workflows/scomc.yml gl=$ROOT/ci/gitlab-ci.yml
if steps github "$gh" > "$tmp/gh" && steps gitlab "$gl" > "$tmp/gl" && steps uses "$gh" > "$tmp/uses"; then
	ok "the GitHub workflow and the GitLab template parse"
else
	bad "workflow YAML" "$(cat "$tmp/gh" "$tmp/gl" 2>&1 | head)"
fi
if diff <(sed 's/^sudo //; s/ && sudo / \&\& /g' "$tmp/gh") "$tmp/gl" > "$tmp/d"; then
	ok "both run the same commands (GitHub's with sudo)"
else
	bad "the workflows differ" "$(cat "$tmp/d")"
fi
grep -qx 'github/codeql-action/upload-sarif@v3' "$tmp/uses" && grep -q 'sarif_file: scomc.sarif' "$gh" &&
	ok "the GitHub workflow uploads scomc.sarif to code scanning" || bad "no upload-sarif step"
for f in "$tmp/gh" "$ROOT/Dockerfile"; do
	for p in $(grep -o 'install -y --no-install-recommends [^&]*' "$f" | sed 's/install -y --no-install-recommends//'); do
		dpkg -s "$p" > /dev/null 2>&1 || bad "$(basename "$f") installs '$p', which is not a Debian package installed here"
		[ "$f" = "$ROOT/Dockerfile" ] && sed -n '/^FROM debian:bookworm-slim$/,$p' "$f" | grep -q "$p" && continue
		grep -q "DEB_PACKAGES.*\b$p\b\|^	.*\b$p\b" "$ROOT/Makefile" || bad "'$p' is not in the Makefile's DEB_PACKAGES"
	done
done

# ... and the other way: every library package the build needs (the
# Makefile's DEP_PACKAGES, what 'make deps' installs) is installed by the
# Dockerfile's build stage and by the workflows.
need=$(sed -n '/^DEP_PACKAGES = /,/[^\\]$/p' "$ROOT/Makefile" | grep -o ':[a-z0-9.+-]*' | tr -d :)
lacking=0
for p in $need; do
	for f in "$ROOT/Dockerfile" "$gh" "$gl"; do
		sed -n '1,/^FROM debian:bookworm-slim$/p' "$f" | grep -q "install .*\b$p\b" ||
			{ bad "$(basename "$f") does not install '$p' (Makefile DEP_PACKAGES)"; lacking=1; }
	done
done
[ -n "$need" ] && [ "$lacking" = 0 ] && ok "the Dockerfile's build stage and the workflows install every DEP_PACKAGES library ($(echo $need | wc -w))" ||
	[ "$lacking" = 1 ] || bad "no DEP_PACKAGES in the Makefile"

# A clean copy of the repository (tracked and new files, no build/).
mkdir -p "$tmp/repo"
(cd "$ROOT" && git ls-files -co --exclude-standard -z | grep -zv '^build/' | xargs -0 tar cf -) | (cd "$tmp/repo" && tar xf -)
[ -f "$tmp/repo/Makefile" ] && [ ! -e "$tmp/repo/build" ] && ok "a clean copy of the repository" || bad "clean copy"

# ---- the Dockerfile, build stage ----
steps docker "$ROOT/Dockerfile" > "$tmp/docker" || bad "Dockerfile has no RUN step"
dest=$tmp/dest
(
	cd "$tmp/repo" || exit 1
	while IFS= read -r cmd; do
		case $cmd in
		apt-get* | "rm -rf /var/lib/apt/lists/*") continue ;;
		esac
		eval "${cmd//DESTDIR=\/out/DESTDIR=$dest}" || { echo "failed: $cmd"; exit 1; }
	done < "$tmp/docker"
) > "$tmp/docker.log" 2>&1 && ok "the Dockerfile's build steps run: $(grep -v -e '^apt-get' -e '^rm -rf /var' "$tmp/docker" | tr '\n' ';' | sed 's/;$//')" ||
	bad "Dockerfile build steps" "$(tail -n 20 "$tmp/docker.log")"
bin=$dest/usr/local/bin/scomc
mkdir -p "$tmp/work/packs"
cp "$ROOT"/packs/*.alert "$tmp/work/packs/"
# docker run --rm -v "$PWD:/work" scomc -o /work/out /work/packs/*.alert
if (cd / && "$bin" -o "$tmp/work/out" "$tmp"/work/packs/*.alert) > "$tmp/run.log" 2>&1 &&
   ls "$tmp"/work/out/*.xml > /dev/null 2>&1 && [ -f "$tmp/work/out/docs/index.html" ]; then
	ok "the installed scomc compiles a mounted directory, as the README's docker run does"
else
	bad "installed scomc on packs/" "$(cat "$tmp/run.log")"
fi
grep -q 'docker run --rm -v "$PWD:/work" scomc -o /work/out /work/packs/\*.alert' "$ROOT/README.md" &&
	ok "the README shows that docker run" || bad "README has no docker run line"
libs=$(ldd "$bin" | sed -n 's/^\s*\(lib[^ ]*\.so[^ ]*\) =>.*/\1/p')
runtime=$(sed -n '/^FROM debian:bookworm-slim$/,$p' "$ROOT/Dockerfile" | grep -o 'install -y --no-install-recommends [^&]*' | sed 's/install -y --no-install-recommends//')
missing=""
for l in $libs; do
	# dpkg knows a library by the path it installed (/usr/lib/... on a
	# merged /usr), ldd may print /lib/...: try both, and a library no
	# package owns is a failure, not a skip.
	path=$(ldd "$bin" | sed -n "s|^\s*$l => \([^ ]*\).*|\1|p")
	pkg=""
	for q in "$path" "/usr$path" "$(realpath "$path")"; do
		[ -n "$pkg" ] || pkg=$(dpkg -S "$q" 2>/dev/null | cut -d: -f1 | head -n 1)
	done
	[ -z "$pkg" ] && { missing="$missing ?($l: no Debian package owns $path)"; continue; }
	case " libc6 libgcc-s1 libstdc++6 liblzma5 libicu72 " in *" $pkg "*) continue ;; esac
	echo " $runtime " | grep -q " $pkg " || missing="$missing $pkg($l)"
done
[ -z "$missing" ] && ok "the runtime stage installs every library the binary links against" ||
	bad "runtime stage misses:$missing"
grep -q '^USER scomc$' "$ROOT/Dockerfile" && grep -q '^RUN useradd .* scomc$' "$ROOT/Dockerfile" &&
	ok "the image runs as the non-root user scomc" || bad "Dockerfile: no non-root USER"
for f in bash-completion/completions/scomc zsh/site-functions/_scomc man/man1/scomc.1; do
	[ -f "$dest/usr/local/share/$f" ] || bad "make install did not install share/$f"
done
[ -f "$dest/usr/local/share/bash-completion/completions/scomc" ] && [ -f "$dest/usr/local/share/zsh/site-functions/_scomc" ] &&
	ok "make install installs the bash and zsh completion"

# ---- the workflow's commands, in the same copy (make is then up to date) ----
(
	cd "$tmp/repo" || exit 1
	while IFS= read -r cmd; do
		case $cmd in *apt-get*) continue ;; esac
		echo "+ $cmd"
		eval "$cmd" || { echo "failed: $cmd"; exit 1; }
	done < "$tmp/gl"
) > "$tmp/wf.log" 2>&1 && ok "the workflow's commands run: $(grep -v apt-get "$tmp/gl" | tr '\n' ';' | sed 's/;$//')" ||
	bad "workflow commands" "$(tail -n 20 "$tmp/wf.log")"
node_modules=$ROOT/build/node-sarif/node_modules
# The validator of tests/sarif, installed here too: suites run in any order.
. "$ROOT/tests/lib/npm.sh"
npm_have && npm_pinned "$ROOT/tests/sarif" "$ROOT/build/node-sarif" "$tmp/npm.log"
if [ -d "$node_modules" ] && [ -f "$tmp/repo/scomc.sarif" ]; then
	NODE_PATH=$node_modules node "$ROOT/tests/sarif/validate.js" "$tmp/repo/scomc.sarif" > "$tmp/v" &&
		ok "the workflow's scomc.sarif validates against the SARIF 2.1.0 schema" || bad "scomc.sarif" "$(cat "$tmp/v")"
else
	bad "no scomc.sarif, or no SARIF validator (tests/sarif installs it into build/node-sarif)"
fi

# ---- pre-commit hooks ----
PATH=$dest/usr/local/bin:$PATH
export PATH
if steps precommit "$ROOT/.pre-commit-hooks.yaml" > "$tmp/hooks"; then
	printf 'pack  X {\n version 1.0.0.0\n}\n' > "$tmp/ugly.alert"
	cp "$ROOT/packs/$(ls "$ROOT/packs" | grep '\.alert$' | head -n 1)" "$tmp/good.alert"
	while IFS=$'\t' read -r id entry files; do
		echo "good.alert" | grep -Eq "$files" || bad "$id: files '$files' does not match .alert"
		# shellcheck disable=SC2086 # entry is a command line
		(cd "$tmp" && $entry good.alert > /dev/null 2>&1) || bad "$id fails on a good file"
		# shellcheck disable=SC2086
		(cd "$tmp" && $entry ugly.alert > /dev/null 2>&1) && bad "$id passes a file it should stop"
	done < "$tmp/hooks"
	[ "$(wc -l < "$tmp/hooks")" = 2 ] && ok "pre-commit hooks scomc-fmt and scomc-check pass a good file and stop a bad one"
else
	bad ".pre-commit-hooks.yaml does not parse"
fi

# ---- bash completion ----
comp=$dest/usr/local/share/bash-completion/completions/scomc
complete_at() { # WORDS... : COMPREPLY for the last word, with bash's '=' split
	bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); cd "$0"; _scomc; printf "%s\n" "${COMPREPLY[@]}"' \
		"$tmp/work/packs" "$comp" "$@" 2> /dev/null | sort | tr '\n' ' '
}
got=$(complete_at scomc f)
[[ $got == *"fmt "* ]] || bad "bash: 'scomc f<TAB>' gives '$got'"
got2=$(complete_at scomc fmt --ch)
[ "$got2" = "--check " ] || bad "bash: 'scomc fmt --ch<TAB>' gives '$got2'"
got3=$(complete_at scomc check --color = al)
[ "$got3" = "always " ] || bad "bash: 'scomc check --color=al<TAB>' gives '$got3'"
got4=$(complete_at scomc --diagnostics-format=s)
[ "$got4" = "sarif " ] || bad "bash: '--diagnostics-format=s<TAB>' gives '$got4'"
got5=$(complete_at scomc check Con)
[[ $got5 == *".alert "* ]] || bad "bash: 'scomc check Con<TAB>' gives '$got5'"
[[ $got == *"fmt "* ]] && [ "$got2" = "--check " ] && [ "$got3" = "always " ] && [ "$got4" = "sarif " ] && [[ $got5 == *".alert "* ]] &&
	ok "bash completion: commands, options of the command, option values, .alert files"
if command -v zsh > /dev/null; then
	zc=$dest/usr/local/share/zsh/site-functions/_scomc
	cmds=$(zsh -c "source '$zc' 2> /dev/null; _scomc_commands" | cut -d: -f1 | tr '\n' ' ')
	opts=$(zsh -c "source '$zc' 2> /dev/null; _scomc_options fmt" | tr '\n' ' ')
	zsh -n "$zc" && [[ $cmds == *"fmt lsp"* || $cmds == *"fmt "*"lsp"* ]] && [[ $opts == *"--check "* ]] &&
		ok "zsh completion: parses; lists the commands and a command's options" || bad "zsh completion" "$cmds / $opts"
else
	bad "zsh is not installed (apt-get install --no-install-recommends zsh)"
fi
# ---- setup: make deps / test-deps ----
mkdir -p "$tmp/stub"
printf '#!/bin/sh\necho "apt-get $*" >> "%s/apt.log"\n' "$tmp" > "$tmp/stub/apt-get"
printf '#!/bin/sh\n[ "$1" = --exists ] && [ "$2" = libcmark ] && exit 1\nexec pkg-config "$@"\n' > "$tmp/stub/pkg-config-nocmark"
chmod +x "$tmp/stub/apt-get" "$tmp/stub/pkg-config-nocmark"
rm -f "$tmp/apt.log"
if (cd "$tmp/repo" && PATH=$tmp/stub:$PATH make -s deps) > "$tmp/deps.log" 2>&1 && [ ! -e "$tmp/apt.log" ] && [ ! -s "$tmp/deps.log" ]; then
	ok "make deps: pkg-config finds every library, so no apt-get"
else
	bad "make deps with the libraries there" "$(cat "$tmp/deps.log" "$tmp/apt.log" 2> /dev/null)"
fi
(cd "$tmp/repo" && PATH=$tmp/stub:$PATH make -s deps PKG_CONFIG=pkg-config-nocmark NO_APT=1) > "$tmp/deps.log" 2>&1
code=$?
if [ "$code" != 0 ] && grep -q "missing to build scomc: libcmark (Debian/Ubuntu packages: libcmark-dev)" "$tmp/deps.log" && [ ! -e "$tmp/apt.log" ]; then
	ok "make deps names what pkg-config does not find (and the package), NO_APT=1 installs nothing"
else
	bad "make deps with libcmark missing: exit $code" "$(cat "$tmp/deps.log")"
fi
(cd "$tmp/repo" && PATH=$tmp/stub:$PATH make -s deps PKG_CONFIG=pkg-config-nocmark) > "$tmp/deps.log" 2>&1
if grep -qx "apt-get install -y -qq --no-install-recommends libcmark-dev" "$tmp/apt.log" 2> /dev/null; then
	ok "make deps installs only the missing package, with --no-install-recommends"
else
	bad "make deps apt-get call" "$(cat "$tmp/apt.log" "$tmp/deps.log" 2> /dev/null)"
fi
lines=$(cd "$ROOT" && { make -n test-deps deps PKG_CONFIG=pkg-config-nocmark; cat .ci/run; } | grep -o 'apt-get install[^;&|]*')
if [ -n "$lines" ] && ! grep -v -- '--no-install-recommends' <<< "$lines" | grep -q .; then
	ok "every apt-get install of make check, make run and .ci/run uses --no-install-recommends"
else
	bad "apt-get install without --no-install-recommends" "$lines"
fi

suite_summary
