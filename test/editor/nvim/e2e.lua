-- Drives Neovim's own LSP client (the 0.7 API: vim.lsp.start_client, vim.lsp.buf.*, the default
-- handlers) against the Zolt language server, for test/editor/neovim.test.ts.
--
-- Run as: ZOLT_E2E_PLAN=plan.json nvim --headless --clean -n -i NONE -c 'lua dofile("e2e.lua")'
-- The plan (written by test/support/editor-e2e.ts) names the workspace, the server command and
-- the steps, with 0-based positions. Every result is one line `ZOLT-E2E {json}` on stdout (other
-- output of Neovim is noise); the test compares them with the expectations.
--
-- Wherever a user-facing command exists it is used (vim.lsp.buf.hover/definition/references/
-- rename and the default handlers that show, jump, fill the quickfix list or edit buffers), and
-- what the editor then shows is read back: the hover float's lines, the cursor, the quickfix
-- list, the buffers. The handlers are wrapped only to learn when a response has been handled.

local plan = vim.fn.json_decode(vim.fn.readfile(os.getenv('ZOLT_E2E_PLAN')))
local timeout = plan.timeoutMs
local started = vim.loop.hrtime()

local function emit(record)
  io.stdout:write('ZOLT-E2E ' .. vim.fn.json_encode(record) .. '\n')
  io.stdout:flush()
end

local function elapsed_ms()
  return math.floor((vim.loop.hrtime() - started) / 1e6)
end

local function path_of(file)
  return plan.root .. '/' .. file
end

-- Responses handled per method, and the last one with what its handler returned.
local handled = {}
local last = {}
local function wrap(method)
  local original = vim.lsp.handlers[method]
  vim.lsp.handlers[method] = function(err, result, ctx, config)
    local returned = { original(err, result, ctx, config) }
    last[method] = { err = err, result = result, returned = returned }
    handled[method] = (handled[method] or 0) + 1
    return unpack(returned)
  end
end

-- Runs `request` (which sends `method` through a vim.lsp.buf command) and waits until the
-- default handler has run; fails on a timeout or an error response.
local function through(method, request)
  local before = handled[method] or 0
  request()
  if not vim.wait(timeout, function() return (handled[method] or 0) > before end, 5) then
    error(method .. ': no response handled within ' .. timeout .. ' ms')
  end
  local response = last[method]
  if response.err then
    error(method .. ': the server answered with an error: ' .. vim.inspect(response.err))
  end
  return response
end

for _, method in ipairs({ 'textDocument/hover', 'textDocument/definition', 'textDocument/references', 'textDocument/rename' }) do
  wrap(method)
end

local published = {}
local last_publication = 0
do
  local original = vim.lsp.handlers['textDocument/publishDiagnostics']
  vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
    original(err, result, ctx, config)
    published[result.uri] = true
    last_publication = vim.loop.hrtime()
  end
end

vim.o.hidden = true
vim.o.swapfile = false
vim.o.shortmess = vim.o.shortmess .. 'F'

-- Neovim 0.7's default (flags.debounce_text_changes).
local DEBOUNCE_MS = 150

local client_id = vim.lsp.start_client({
  name = 'zolt',
  flags = { debounce_text_changes = DEBOUNCE_MS },
  cmd = plan.server,
  root_dir = plan.root,
  on_exit = function(code, signal)
    if code ~= 0 then
      emit({ event = 'server-exit', code = code, signal = signal })
    end
  end,
})
if not client_id then
  emit({ event = 'fatal', error = 'vim.lsp.start_client failed' })
  vim.cmd('qa!')
end

-- Neovim 0.7 knows no `zolt` filetype: detect it, and attach every Zolt buffer (including the
-- ones a jump or a rename opens) to the client.
vim.cmd('autocmd BufRead,BufNewFile *.zolt setfiletype zolt')
vim.cmd('autocmd FileType zolt lua vim.lsp.buf_attach_client(0, ' .. client_id .. ')')

local function open(file)
  vim.cmd('cclose')
  -- :edit of the current file would reload it (and refuse after a completion step's edits).
  if vim.api.nvim_buf_get_name(0) ~= path_of(file) then
    vim.cmd('edit ' .. vim.fn.fnameescape(path_of(file)))
  end
end

local function place(step)
  open(step.file)
  vim.api.nvim_win_set_cursor(0, { step.line + 1, step.character })
end

local function location(bufnr, line, column)
  return { file = vim.api.nvim_buf_get_name(bufnr), line = line, column = column }
end

local SEVERITIES = { 'error', 'warning', 'info', 'hint' }

local run = {}

function run.diagnostics(step)
  local uri = vim.uri_from_fname(path_of(step.file))
  if not vim.wait(timeout, function() return published[uri] end, 5) then
    error('no diagnostics were published for ' .. step.file .. ' within ' .. timeout .. ' ms')
  end
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(vim.uri_to_bufnr(uri))) do
    table.insert(list, {
      line = d.lnum + 1,
      column = d.col + 1,
      severity = SEVERITIES[d.severity],
      code = d.code and tostring(d.code) or '',
      text = d.message,
    })
  end
  return { diagnostics = list }
end

function run.hover(step)
  place(step)
  local response = through('textDocument/hover', vim.lsp.buf.hover)
  local float_buf, float_win = response.returned[1], response.returned[2]
  if not float_buf then return { text = '' } end
  local text = table.concat(vim.api.nvim_buf_get_lines(float_buf, 0, -1, false), '\n')
  vim.api.nvim_win_close(float_win, true)
  return { text = text }
end

function run.definition(step)
  place(step)
  through('textDocument/definition', vim.lsp.buf.definition)
  local cursor = vim.api.nvim_win_get_cursor(0)
  return { location = location(0, cursor[1], cursor[2] + 1) }
end

function run.references(step)
  place(step)
  vim.fn.setqflist({}, 'r')
  through('textDocument/references', vim.lsp.buf.references)
  local list = {}
  for _, item in ipairs(vim.fn.getqflist()) do
    table.insert(list, location(item.bufnr, item.lnum, item.col))
  end
  vim.cmd('cclose')
  return { locations = list }
end

-- Types the line in insert mode and asks for omni completion (<C-x><C-o>, vim.lsp.omnifunc),
-- then reads the popup menu Neovim shows; leaves insert mode and removes the line after.
function run.completion(step)
  open(step.file)
  vim.bo.omnifunc = 'v:lua.vim.lsp.omnifunc'
  vim.bo.autoindent = false
  vim.api.nvim_win_set_cursor(0, { step.line, 0 })
  -- The reply is asynchronous and shown only while still in insert mode, so a timer watches the
  -- menu from inside insert mode and leaves it (with <C-e><Esc>) once the menu is there or the
  -- time is up; the feedkeys call below returns then.
  local words
  local deadline = vim.loop.now() + timeout
  local timer = vim.loop.new_timer()
  timer:start(5, 5, vim.schedule_wrap(function()
    if timer:is_closing() then return end
    local info = vim.fn.complete_info({ 'items', 'pum_visible' })
    local shown = info.pum_visible == 1 or #info.items > 0
    if shown then
      words = {}
      for _, item in ipairs(info.items) do table.insert(words, item.word) end
    end
    if shown or vim.loop.now() > deadline then
      timer:close()
      vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('<C-e><Esc>', true, false, true), 'n', false)
    end
  end))
  -- 'x!': run the keys now and stay in insert mode until the timer leaves it.
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('o' .. step.text .. '<C-x><C-o>', true, false, true), 'nx!', false)
  vim.api.nvim_buf_set_lines(0, step.line, step.line + 1, false, {})
  if not words then error('no completion menu appeared within ' .. timeout .. ' ms') end
  return { labels = words }
end

function run.rename(step)
  place(step)
  through('textDocument/rename', function() vim.lsp.buf.rename(step.newName) end)
  vim.cmd('silent wall')
  -- Neovim 0.7 sends a buffer's didChange after a debounce (150 ms by default) and flushes only
  -- the requesting buffer before a request: wait, as a user would, until the edits of the other
  -- buffers have reached the server, or the next step would query a stale copy of them.
  vim.wait(DEBOUNCE_MS + 50)
  local buffers = {}
  for _, file in ipairs(plan.files) do
    local bufnr = vim.fn.bufnr(path_of(file))
    if bufnr ~= -1 and vim.api.nvim_buf_is_loaded(bufnr) then
      local text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
      if vim.bo[bufnr].eol then text = text .. '\n' end
      buffers[path_of(file)] = text
    end
  end
  return { buffers = buffers }
end

local ok, failure = pcall(function()
  open(plan.open)
  if not vim.wait(timeout, function()
    local client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.initialized == true
  end, 5) then
    error('the server did not finish initialize within ' .. timeout .. ' ms')
  end
  emit({ event = 'initialized', ms = elapsed_ms() })
  -- The server publishes every indexed file once; after that, and a quiet moment, the workspace
  -- is indexed and the diagnostics are final.
  local uris = {}
  for _, file in ipairs(plan.files) do table.insert(uris, vim.uri_from_fname(path_of(file))) end
  vim.wait(timeout, function()
    for _, uri in ipairs(uris) do
      if not published[uri] then return false end
    end
    return (vim.loop.hrtime() - last_publication) / 1e6 > plan.settleMs
  end, 5)
  emit({ event = 'indexed', ms = elapsed_ms() })
end)
if not ok then
  emit({ event = 'fatal', error = tostring(failure) })
else
  for _, step in ipairs(plan.steps) do
    local step_ok, result = pcall(run[step.kind], step)
    if step_ok then
      emit({ name = step.name, result = result })
    else
      emit({ name = step.name, error = tostring(result) })
      -- Leave insert mode and the quickfix window behind for the next step.
      vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('<Esc>', true, false, true), 'nx', false)
    end
  end
end

vim.lsp.stop_client(client_id)
vim.wait(timeout, function() return vim.lsp.get_client_by_id(client_id) == nil end, 5)
emit({ event = 'done', ms = elapsed_ms() })
vim.cmd('qa!')
