# bash completion for scomc (installed by make install into
# $(PREFIX)/share/bash-completion/completions/scomc). The commands and
# options come from `scomc --help` and `scomc COMMAND --help`, so they stay
# in step with the program.

_scomc_commands()
{
	"$1" --help 2>/dev/null | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\)  .*/\1/p'
}

_scomc_options()
{
	"$1" ${2:+"$2"} --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*=\{0,1\}' |
		awk '{ seen[$0] = 1 } END { for (o in seen) if (!((o "=") in seen)) print o }' | sort
}

# Values of the options that take a fixed set.
_scomc_values()
{
	case $1 in
	--diagnostics-format) echo "text json sarif" ;;
	--color) echo "auto always never" ;;
	--target | -t) echo "2007r2 2012" ;;
	--emit) echo "mp docs model mp,docs mp,model" ;;
	esac
}

_scomc()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local prog=${COMP_WORDS[0]} cmd="" i opt=""
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-* | =) ;;
		*) [ "${COMP_WORDS[i - 1]}" = "=" ] || { cmd=${COMP_WORDS[i]}; break; } ;;
		esac
	done
	# --opt=VALUE: bash splits it at '=' (COMP_WORDBREAKS), or not
	if [ "$prev" = "=" ] && [ "$COMP_CWORD" -ge 2 ]; then
		opt=${COMP_WORDS[COMP_CWORD - 2]}
	elif [ "$cur" = "=" ]; then
		opt=$prev cur=""
	elif [[ $cur == --*=* ]]; then
		opt=${cur%%=*} cur=${cur#*=}
	fi
	if [ -n "$opt" ]; then
		COMPREPLY=($(compgen -W "$(_scomc_values "$opt")" -- "$cur"))
		[ ${#COMPREPLY[@]} -gt 0 ] || COMPREPLY=($(compgen -f -- "$cur"))
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_scomc_options "$prog" "$cmd")" -- "$cur"))
		[[ ${COMPREPLY[0]-} == *= ]] && compopt -o nospace 2>/dev/null
		return
	fi
	case $prev in
	-o | --output) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	esac
	COMPREPLY=()
	[ -n "$cmd" ] || COMPREPLY=($(compgen -W "$(_scomc_commands "$prog")" -- "$cur"))
	local f
	while IFS= read -r f; do
		case $f in *.alert | *.xml | *.mp) COMPREPLY+=("$f") ;; esac
	done < <(compgen -f -- "$cur")
	COMPREPLY+=($(compgen -d -S / -- "$cur"))
}
complete -F _scomc scomc
