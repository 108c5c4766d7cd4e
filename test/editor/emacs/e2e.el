;;; e2e.el --- Emacs + Eglot against the Zolt language server  -*- lexical-binding: t -*-

;; Drives Eglot (Debian's elpa-eglot, 1.9 on Emacs 28) against the Zolt language server, for
;; test/editor/emacs.test.ts.
;;
;; Run as: ZOLT_E2E_PLAN=plan.json emacs --batch --no-init-file -l e2e.el
;; (not -Q: that also skips site-start, which puts the Debian elpa packages on the load path).
;;
;; The plan (written by test/support/editor-e2e.ts) names the workspace, the server command and
;; the steps, with 0-based positions.  Every result is one line `ZOLT-E2E {json}' on stdout
;; (Emacs's own messages go to stderr); the test compares them with the expectations.
;;
;; Each step goes through what a user's command goes through: Flymake's diagnostics, Eglot's
;; ElDoc hover function, `xref-find-definitions' (which jumps), the xref backend's references,
;; the `completion-at-point' table, `eglot-rename' and saving the buffers.

(require 'cl-lib)
(require 'subr-x)
(require 'eglot)
(require 'xref)
(require 'flymake)

(defvar e2e-plan
  (json-parse-string
   (with-temp-buffer
     (insert-file-contents (getenv "ZOLT_E2E_PLAN"))
     (buffer-string))
   :object-type 'plist :array-type 'list))

(defvar e2e-timeout (/ (plist-get e2e-plan :timeoutMs) 1000.0))
(defvar e2e-started (float-time))

(defun e2e-emit (record)
  "Print RECORD (a plist; arrays as vectors) as one result line."
  (princ (concat "ZOLT-E2E " (json-serialize record) "\n")))

(defun e2e-ms ()
  (round (* 1000 (- (float-time) e2e-started))))

(defun e2e-path (file)
  (expand-file-name file (plist-get e2e-plan :root)))

(defun e2e-wait (predicate)
  "Let Emacs process the server's messages until PREDICATE holds or the time is up."
  (let ((deadline (+ (float-time) e2e-timeout)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.005))
    (funcall predicate)))

(define-derived-mode zolt-mode prog-mode "Zolt"
  "Zolt source files, as far as these tests need a mode.")
(add-to-list 'auto-mode-alist '("\\.zolt\\'" . zolt-mode))
(add-to-list 'eglot-server-programs (cons 'zolt-mode (plist-get e2e-plan :server)))

(setq eglot-sync-connect e2e-timeout
      eglot-autoreconnect nil
      ;; M-. and M-? use the identifier at point instead of asking for one.
      xref-prompt-for-identifier nil
      make-backup-files nil
      create-lockfiles nil
      auto-save-default nil)

;; Which files the server has published diagnostics for, and when it last did.
(defvar e2e-published (make-hash-table :test 'equal))
(defvar e2e-last-publication 0.0)
(advice-add 'eglot-handle-notification :before
            (lambda (_server method &rest params)
              (when (eq method 'textDocument/publishDiagnostics)
                ;; The fixture's paths are plain: a file URI is "file://" and the path.
                (puthash (url-unhex-string (string-remove-prefix "file://" (plist-get params :uri)))
                         t e2e-published)
                (setq e2e-last-publication (float-time)))))

(defun e2e-flush-changes ()
  "Send the buffers' pending didChange notifications.
Eglot sends them from an idle timer, and a batch Emacs is never idle: this is what that
timer would do.  (Eglot flushes before its deferred requests, but not before rename or xref.)"
  (dolist (buffer (buffer-list))
    (with-current-buffer buffer
      (when eglot--managed-mode (eglot--signal-textDocument/didChange)))))

(defun e2e-open (file)
  (find-file (e2e-path file)))

(defun e2e-place (step)
  (e2e-open (plist-get step :file))
  (goto-char (point-min))
  (forward-line (plist-get step :line))
  (forward-char (plist-get step :character)))

(defun e2e-here ()
  "Where the selected window's cursor is."
  (with-current-buffer (window-buffer (selected-window))
    (save-excursion
      (goto-char (window-point))
      (list :file (buffer-file-name) :line (line-number-at-pos) :column (1+ (current-column))))))

(defun e2e-severity (type)
  (pcase type
    ('eglot-error "error")
    ('eglot-warning "warning")
    ('eglot-note "note")
    (_ (format "%s" type))))

(defun e2e-diagnostic (position type text)
  "One diagnostic as shown: the code is in the text, as \"source [code]: message\"."
  (list :line (car position) :column (cdr position) :severity (e2e-severity type)
        :code (if (string-match "\\`[^[]* \\[\\([^]]+\\)\\]: " text) (match-string 1 text) "")
        :text (substring-no-properties text)))

(defun e2e-diagnostics (step)
  (let* ((path (e2e-path (plist-get step :file)))
         (buffer (find-buffer-visiting path)))
    (unless (e2e-wait (lambda () (gethash path e2e-published)))
      (error "No diagnostics were published for %s" path))
    (list
     :diagnostics
     (vconcat
      (if buffer
          (with-current-buffer buffer
            (flymake-start)
            (mapcar (lambda (d)
                      (save-excursion
                        (goto-char (flymake-diagnostic-beg d))
                        (e2e-diagnostic (cons (line-number-at-pos) (1+ (current-column)))
                                        (flymake-diagnostic-type d) (flymake-diagnostic-text d))))
                    (flymake-diagnostics)))
        ;; A file that is not visited: Eglot gives its diagnostics to Flymake's list for
        ;; such files (what `flymake-show-project-diagnostics' shows), by line and column.
        (mapcar (lambda (d)
                  (let ((beg (flymake-diagnostic-beg d)))
                    (e2e-diagnostic (cons (car beg) (cdr beg))
                                    (flymake-diagnostic-type d) (flymake-diagnostic-text d))))
                (cdr (assoc path flymake-list-only-diagnostics))))))))

(defun e2e-hover (step)
  (e2e-place step)
  (let ((shown nil))
    ;; ElDoc calls this function with a callback; it shows what the callback receives.
    (eglot-hover-eldoc-function (lambda (info &rest _) (setq shown (or info ""))))
    (unless (e2e-wait (lambda () shown))
      (error "No hover was shown within %s s" e2e-timeout))
    (list :text (substring-no-properties shown))))

(defun e2e-definition (step)
  (e2e-place step)
  (let ((this-command 'xref-find-definitions))
    (call-interactively #'xref-find-definitions))
  (list :location (e2e-here)))

(defun e2e-references (step)
  (e2e-place step)
  (let* ((backend (xref-find-backend))
         (items (xref-backend-references backend (xref-backend-identifier-at-point backend))))
    (list :locations
          (vconcat
           (mapcar (lambda (item)
                     (let ((location (xref-item-location item)))
                       (list :file (xref-location-group location)
                             :line (xref-location-line location)
                             :column (1+ (xref-file-location-column location)))))
                   items)))))

(defun e2e-completion (step)
  "Type a new line, ask the `completion-at-point' table what it offers, remove the line."
  (e2e-open (plist-get step :file))
  (goto-char (point-min))
  (forward-line (1- (plist-get step :line)))
  (end-of-line)
  (let ((start (point)))
    (insert "\n" (plist-get step :text))
    (unwind-protect
        (let ((capf (run-hook-with-args-until-success 'completion-at-point-functions)))
          (unless capf (error "No completion-at-point function answered"))
          (pcase-let ((`(,beg ,end ,table . ,_) capf))
            (list :labels (vconcat (mapcar #'substring-no-properties
                                           (all-completions (buffer-substring-no-properties beg end) table))))))
      (delete-region start (point))
      (e2e-flush-changes))))

(defun e2e-rename (step)
  (e2e-place step)
  (let ((asked nil))
    ;; Eglot asks before editing files that are not visited; the user says yes.
    (cl-letf (((symbol-function 'y-or-n-p) (lambda (prompt) (push prompt asked) t)))
      (eglot-rename (plist-get step :newName))))
  (save-some-buffers t)
  (e2e-flush-changes)
  (let ((buffers (make-hash-table :test 'equal)))
    (dolist (file (plist-get e2e-plan :files))
      (let ((buffer (find-buffer-visiting (e2e-path file))))
        (when buffer
          (with-current-buffer buffer
            (puthash (e2e-path file) (buffer-substring-no-properties (point-min) (point-max)) buffers)))))
    (list :buffers buffers)))

(defun e2e-run-step (step)
  (let ((name (plist-get step :name))
        (kind (plist-get step :kind)))
    (condition-case err
        (e2e-emit (list :name name :result (funcall (intern (concat "e2e-" kind)) step)))
      (error (e2e-emit (list :name name :error (error-message-string err)))))))

(defun e2e-main ()
  (condition-case err
      (progn
        (e2e-open (plist-get e2e-plan :open))
        (apply #'eglot (eglot--guess-contact))
        (unless (eglot-current-server)
          (error "Eglot did not connect within %s s" e2e-timeout))
        (e2e-emit (list :event "initialized" :ms (e2e-ms)))
        ;; The server publishes every indexed file once; after that, and a quiet moment, the
        ;; workspace is indexed and the diagnostics are final.
        (let ((settle (/ (plist-get e2e-plan :settleMs) 1000.0)))
          (e2e-wait (lambda ()
                      (and (cl-every (lambda (f) (gethash (e2e-path f) e2e-published))
                                     (plist-get e2e-plan :files))
                           (> (- (float-time) e2e-last-publication) settle)))))
        (e2e-emit (list :event "indexed" :ms (e2e-ms)))
        (mapc #'e2e-run-step (plist-get e2e-plan :steps)))
    (error (e2e-emit (list :event "fatal" :error (error-message-string err)))))
  (let ((server (ignore-errors (with-current-buffer (find-buffer-visiting (e2e-path (plist-get e2e-plan :open)))
                                 (eglot-current-server)))))
    (when server (ignore-errors (eglot-shutdown server nil e2e-timeout))))
  (e2e-emit (list :event "done" :ms (e2e-ms)))
  (kill-emacs 0))

(e2e-main)

;;; e2e.el ends here
