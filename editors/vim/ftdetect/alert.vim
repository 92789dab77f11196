" scomc .alert files
autocmd BufNewFile,BufRead *.alert setfiletype alert
