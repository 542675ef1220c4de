-- A minimal Neovim configuration for the language server smoke test
-- (tests/nvim/smoke.sh): no plugins, only the built-in LSP client.
-- It starts `promlint server` for the buffer opened on the command line,
-- waits for its diagnostics, writes them to $PROMLINT_OUT, fixes the
-- buffer, waits for the diagnostics to clear, asks for a hover, and quits
-- (exit 1 when something did not happen in time).
-- Works with Neovim 0.7 (Debian bookworm) and later.

vim.opt.swapfile = false
vim.lsp.set_log_level("debug")

local bin = os.getenv("PROMLINT_BIN") or "promlint"
local out_path = assert(os.getenv("PROMLINT_OUT"), "PROMLINT_OUT is not set")
local out = assert(io.open(out_path, "w"))
local function say(line)
  out:write(line, "\n")
  out:flush()
end
local function fail(why)
  say("FAIL: " .. why)
  out:close()
  vim.cmd("cquit 1")
end

-- The files named on the command line are loaded after this file runs.
local function session()
  local buf = vim.api.nvim_get_current_buf()
  local root = vim.fn.getcwd()
  local client_id = vim.lsp.start_client({
    name = "promlint",
    cmd = { bin, "server" },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = "workspace" } },
  })
  if not client_id then
    fail("the server did not start")
  end
  vim.lsp.buf_attach_client(buf, client_id)
  say("server: " .. bin .. " server (root " .. root .. ")")
  say("file: " .. vim.api.nvim_buf_get_name(buf))

  local function show(diagnostics)
    for _, d in ipairs(diagnostics) do
      say(string.format("  %d:%d %s %s: %s", d.lnum + 1, d.col + 1,
        vim.diagnostic.severity[d.severity], d.code or "?",
        (d.message:gsub("\n", " | "))))
    end
  end

  if not vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50) then
    fail("no diagnostics within 20 s")
  end
  local diagnostics = vim.diagnostic.get(buf)
  say("diagnostics after open: " .. #diagnostics)
  show(diagnostics)

  -- Hover on the first finding: `promlint explain` for its code.
  local d = diagnostics[1]
  local hover = vim.lsp.buf_request_sync(buf, "textDocument/hover", {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = d.lnum, character = d.col },
  }, 10000)
  local shown = ""
  for _, r in pairs(hover or {}) do
    if r.result and r.result.contents then
      shown = r.result.contents.value or ""
    end
  end
  say("hover: " .. (shown:match("[^\n]+") or "(none)"))
  if not shown:find("promlint explain", 1, true) and not shown:find(d.code or "", 1, true) then
    fail("hover did not show the finding")
  end

  -- Fix the query in the buffer (unsaved): the findings go away.
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  for i, line in ipairs(lines) do
    if line:find("expr:", 1, true) then
      lines[i] = line:gsub("%[5m%] > 0", "[5m]) > 0")
    end
  end
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  if not vim.wait(20000, function() return #vim.diagnostic.get(buf) == 0 end, 50) then
    fail("diagnostics were not cleared after the fix")
  end
  say("diagnostics after the unsaved fix: " .. #vim.diagnostic.get(buf))
  say("lsp log: " .. vim.lsp.get_log_path())
  out:close()
  vim.lsp.stop_client(client_id)
  vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
  vim.cmd("qall!")
end

vim.api.nvim_create_autocmd("VimEnter", { callback = session })
