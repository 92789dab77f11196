" Vim syntax file for scomc .alert files (SCOM management pack sources).
" Language: scomc alert   Maintainer: scomc   Filenames: *.alert
" Install: copy editors/vim/{syntax,ftdetect,ftplugin} into ~/.vim (Vim) or
" ~/.config/nvim (Neovim); see docs/editors.md. Keywords follow
" docs/language.md (tests/editors checks that every one is here).
if exists("b:current_syntax")
  finish
endif

syn iskeyword @,48-57,_,192-255,-
syn case match
" text blocks span lines: find their start however far up it is
syn sync fromstart

syn keyword alertKeyword pack version name description target language modified reference key alias defaults alert monitor event source log class type priority product product-version path rule title suppress enabled intro knowledge section parameters filter param user level any all not table template columns row state parent reset repeat severity auto-resolve id message-id category comment rule-priority confirm-delivery remotable discard-level rule-description run-as alert-run-as computer-name order types manifest-name
syn keyword alertOperator is-not is matches within timer manual
" 'contains' is an argument of :syn keyword, so it is a match
syn match alertOperator "\%(^\|[[:space:]{};,]\)\zscontains\ze\%([[:space:]{};,]\|$\)"
syn keyword alertConstant Information Warning Error low normal high true false none match 2007r2 2012 availability configuration performance security success error warning information audit-success audit-failure
syn match alertConstant "\<Critical Error\>"
syn match alertNumber "\%(^\|[[:space:]{};,]\)\zs[0-9]\+\%(\.[0-9]\+\)*\%(-[0-9]\+\)\=[smhd]\=\ze\%([[:space:]{};,]\|$\)"
syn match alertAlias "\<[A-Za-z_][A-Za-z0-9_]*!"
syn match alertPlaceholder "{\%(description\|id\|source\|computer\|log\|user\|param[0-9]\{1,2}\)}" contained
syn match alertPlaceholder "%[0-9]\{1,2}\>" contained
syn match alertEscape +\\\%(["\\nt]\|u{\x\{1,6}}\)+ contained
syn region alertString start=+"+ skip=+\\\\\|\\"+ end=+"+ oneline contains=alertEscape,alertPlaceholder
syn region alertText start=+"""+ end=+"""+ contains=alertPlaceholder
syn match alertComment "\%(^\|[[:space:]{};,]\)\zs#.*$" contains=@Spell
syn match alertBrace "[{}]"

hi def link alertKeyword Keyword
hi def link alertOperator Operator
hi def link alertConstant Constant
hi def link alertNumber Number
hi def link alertAlias Identifier
hi def link alertPlaceholder Special
hi def link alertEscape SpecialChar
hi def link alertString String
hi def link alertText String
hi def link alertComment Comment
hi def link alertBrace Delimiter

let b:current_syntax = "alert"
