-- Neovim's built-in LSP client, headless: opens $ALERT_FILE, starts
-- `$SCOMC lsp` for it, waits for the diagnostics and writes them to
-- $NVIM_OUT as "LINE:COL ID message" (then hover and formatting results),
-- one per line. Works with Neovim 0.7 (vim.lsp.start_client) and later.
local scomc, file, out = os.getenv("SCOMC"), os.getenv("ALERT_FILE"), os.getenv("NVIM_OUT")
local lines = {}
local function finish(code)
  vim.fn.writefile(lines, out)
  vim.cmd(code == 0 and "qa!" or "cq!")
end

vim.cmd("edit " .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({
  name = "scomc",
  cmd = { scomc, "lsp" },
  root_dir = vim.fn.fnamemodify(file, ":p:h"),
})
if not id then
  table.insert(lines, "start_client failed")
  return finish(1)
end
vim.lsp.buf_attach_client(buf, id)
if not vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 50) then
  table.insert(lines, "no diagnostics within 15 s")
  return finish(1)
end
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
  table.insert(lines, string.format("%d:%d %s %s", d.lnum + 1, d.col + 1, code, (d.message:gsub("\n.*", ""))))
end
-- hover on the alert's name, through the client's request API
local client = vim.lsp.get_client_by_id(id)
local row = vim.fn.search("alert Full") - 1
local res = client.request_sync("textDocument/hover", {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = row, character = 8 },
}, 10000, buf)
local value = res and res.result and res.result.contents and res.result.contents.value or ""
table.insert(lines, "hover: " .. (value:match("`source` [^\n]*") or vim.inspect(res)))
vim.lsp.stop_client(id)
finish(0)
