-- Checks editors/vim/syntax/alert.vim in headless Neovim: each keyword of
-- $WORDS (one per line) on a line "  WORD value" is alertKeyword or
-- alertOperator at its first column; then strings, text blocks and
-- comments of a sample. Writes "ok ..."/"FAIL ..." lines to $VIM_OUT.
local words = vim.fn.readfile(os.getenv("WORDS"))
local res = {}
local lines = {}
for _, w in ipairs(words) do table.insert(lines, "  " .. w .. " value") end
local sample = {
  'title "Bad {computer}" # a note',
  'intro """',
  '  text # not a comment',
  '  """',
  'class Windows!Microsoft.Windows.Computer',
  'titel C#x',
}
local first = #lines + 1
for _, l in ipairs(sample) do table.insert(lines, l) end
vim.api.nvim_buf_set_lines(0, 0, -1, false, lines)
vim.cmd("source " .. vim.fn.fnameescape(os.getenv("SYNTAX")))
local function syn(l, c) return vim.fn.synIDattr(vim.fn.synID(l, c, 1), "name") end
local missing = {}
for i, w in ipairs(words) do
  local s = syn(i, 3)
  if s ~= "alertKeyword" and s ~= "alertOperator" then table.insert(missing, w .. "=" .. s) end
end
table.insert(res, (#missing == 0 and "ok   " or "FAIL ") .. "every keyword of docs/language.md is highlighted (" .. #words .. ")" ..
  (#missing == 0 and "" or ": " .. table.concat(missing, " ")))
local checks = {
  { syn(first, 8) == "alertString", "a string" },
  { syn(first, 12) == "alertPlaceholder", "a placeholder in a string" },
  { syn(first, 24) == "alertComment", "a comment after a value" },
  { syn(first + 2, 10) == "alertText", "a text block ('#' in it is text)" },
  { syn(first + 4, 7) == "alertAlias", "an alias before '!'" },
  { syn(first + 5, 1) == "" and syn(first + 5, 8) ~= "alertComment", "a misspelt keyword and 'C#' are plain words" },
}
for _, c in ipairs(checks) do table.insert(res, (c[1] and "ok   " or "FAIL ") .. "vim: " .. c[2]) end
vim.fn.writefile(res, os.getenv("VIM_OUT"))
vim.cmd("qa!")
