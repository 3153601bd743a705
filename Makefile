# StudyApp: `make run` to study, `make test` for the whole check. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

BUNDLE := dist/StudyApp/StudyApp
XDG_DATA_HOME ?= $(HOME)/.local/share
# Where `make install-desktop` copies a built bundle, so that `make clean` cannot break the
# installed launcher.
BUNDLE_HOME ?= $(HOME)/.local/opt/StudyApp
ICON_SIZES := 16 32 48 64 128 256 512

.PHONY: install run test lint typecheck pytest bench bench-bundle dist install-desktop \
	uninstall-desktop clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "StudyApp needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: install
	@$(BIN)/python tools/check_system.py
	$(BIN)/python -m studyapp $(ARGS)

lint: install
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools

typecheck: install
	$(BIN)/mypy --strict src

pytest: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

test: lint typecheck pytest

bench: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/startup.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/reading.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/responsiveness.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/media_view.py
	$(BIN)/python bench/study.py
	$(BIN)/python bench/importer.py
	$(BIN)/python bench/plan.py
	$(BIN)/python bench/search.py
	@if [ -x $(BUNDLE) ]; then $(MAKE) --no-print-directory bench-bundle; \
	else echo "(no bundle in dist/: run 'make dist' to benchmark it too)"; fi

bench-bundle: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bundle.py

# The one-folder bundle in dist/StudyApp (build.spec prints its size), then its own self-test.
dist: install
	$(BIN)/pyinstaller --noconfirm --log-level WARN build.spec
	QT_QPA_PLATFORM=offscreen $(BUNDLE) --self-test

# Menu entry and icons for the current user. Exec is the bundle (copied to BUNDLE_HOME) when
# one is built, else the venv's studyapp.
install-desktop: install
	@set -e; \
	if [ -x $(BUNDLE) ]; then \
	  if [ -e "$(BUNDLE_HOME)" ] && [ ! -x "$(BUNDLE_HOME)/StudyApp" ]; then \
	    echo "error: $(BUNDLE_HOME) exists and is not a StudyApp bundle; set BUNDLE_HOME" >&2; \
	    exit 1; \
	  fi; \
	  rm -rf "$(BUNDLE_HOME)"; mkdir -p "$(dir $(BUNDLE_HOME))"; \
	  cp -a dist/StudyApp "$(BUNDLE_HOME)"; \
	  exe="$(BUNDLE_HOME)/StudyApp"; \
	else \
	  exe="$(CURDIR)/$(BIN)/studyapp"; \
	fi; \
	for size in $(ICON_SIZES); do \
	  install -Dm644 resources/icons/studyapp-$$size.png \
	    "$(XDG_DATA_HOME)/icons/hicolor/$${size}x$${size}/apps/studyapp.png"; \
	done; \
	install -Dm644 resources/icons/studyapp.svg \
	  "$(XDG_DATA_HOME)/icons/hicolor/scalable/apps/studyapp.svg"; \
	mkdir -p "$(XDG_DATA_HOME)/applications"; \
	sed -e "s|^Exec=.*|Exec=\"$$exe\"|" -e "s|^TryExec=.*|TryExec=$$exe|" \
	  resources/studyapp.desktop > "$(XDG_DATA_HOME)/applications/studyapp.desktop"; \
	if [ -f "$(XDG_DATA_HOME)/icons/hicolor/icon-theme.cache" ]; then \
	  gtk-update-icon-cache -qtf "$(XDG_DATA_HOME)/icons/hicolor" 2>/dev/null || true; \
	fi; \
	command -v update-desktop-database >/dev/null && \
	  update-desktop-database -q "$(XDG_DATA_HOME)/applications" || true; \
	echo "installed $(XDG_DATA_HOME)/applications/studyapp.desktop (Exec=$$exe)"

uninstall-desktop:
	rm -f "$(XDG_DATA_HOME)/applications/studyapp.desktop" \
	  "$(XDG_DATA_HOME)/icons/hicolor/scalable/apps/studyapp.svg" \
	  $(foreach s,$(ICON_SIZES),"$(XDG_DATA_HOME)/icons/hicolor/$(s)x$(s)/apps/studyapp.png")
	@if [ -x "$(BUNDLE_HOME)/StudyApp" ]; then rm -rf "$(BUNDLE_HOME)"; fi

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
