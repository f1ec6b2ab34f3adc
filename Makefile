# Two commands do all the set-up: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
NONLA := $(VENV)/bin/nonla
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint models bench eval clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[all,dev]'
	touch $@

SHARED_DATA ?= $(or $(NONLA_SHARED_DATA),../shared/data)
DEMO_LAWS := $(SHARED_DATA)/vn_laws_corpus_underthesea_vlc/processed
DEMO_KB := tests/data/legal_qa/knowledge_base.jsonl

# Serves at once; the 208 laws load into the 'laws' collection in the background (about two minutes, once).
# The answered questions cite those laws, so they load only with them.
run: install
	@$(if $(wildcard $(DEMO_LAWS)),true,echo "make run: no demo laws at $(DEMO_LAWS); serving without them" \
	  "(set NONLA_SHARED_DATA to the folder that holds vn_laws_corpus_underthesea_vlc)" >&2)
	$(NONLA) serve --host $(HOST) --port $(PORT) \
	  $(if $(wildcard $(DEMO_LAWS)),--demo-laws $(DEMO_LAWS) $(if $(wildcard $(DEMO_KB)),--demo-kb $(DEMO_KB))) \
	  --demo-inbox tests/data/civic/messages.jsonl

# The whole suite. A PostgreSQL server is started for it when the server binaries are installed
# (.ci/run installs them); without them the PostgreSQL tests are skipped locally and fail under CI=true.
# The card checks (each re-runs a function's evaluation in its own process, about half the suite's time) run two
# at a time after the rest; PYTEST_ARGS runs just what it names.
test: install
	@url=$$(scripts/test-postgres.sh 2>/dev/null || true); \
	  if [ -n "$$url" ]; then export NONLA_TEST_POSTGRES_URL=$$url; echo "PostgreSQL for tests: $$url"; fi; \
	  if [ -n "$(PYTEST_ARGS)" ]; then $(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	  else $(PY) -m pytest --ignore=tests/test_measured_metrics.py && \
	    $(PY) -m pytest -n 2 tests/test_measured_metrics.py; rc=$$?; fi; \
	  scripts/test-postgres.sh stop >/dev/null 2>&1; exit $$rc

lint: install
	$(VENV)/bin/ruff check src tests bench evaluation
	$(VENV)/bin/mypy

# Rebuild the models we train ourselves and check them against models/MANIFEST.json.
models: install
	$(PY) models/build/train_pos_crf.py --no-peers
	$(PY) models/build/train_words_crf.py
	$(PY) models/build/train_keywords_df.py
	$(PY) models/build/train_text_sentiment.py
	$(PY) models/build/build_gazetteer.py
	$(PY) models/build/build_geo_units.py
	$(PY) models/build/train_diacritics.py
	$(PY) models/build/train_civic_triage.py  # after train_diacritics: it reads unmarked messages through vi.diacritics
	$(PY) models/build/embed_demo_laws.py --fresh  # about 80 minutes on 2 cores: e5 over 48,586 passages of 17,795 articles
	$(PY) models/build/train_legal_reranker.py  # after embed_demo_laws: the first stage it learns to reorder uses those vectors
	$(PY) models/build/copy_face_detector.py  # BlazeFace out of the mediapipe 0.10.21 wheel (pip download)
	$(PY) models/build/check_manifest.py

bench: install
	$(PY) bench/words.py
	$(PY) bench/dedupe.py
	$(PY) bench/faces_gallery.py  # 1:N search in a gallery of 100,000 faces against numpy brute force
	$(PY) bench/batch.py  # sequential vs local pool vs Dask; about 10 minutes at 100,000 texts on 2 cores
	$(PY) bench/legal_scale.py  # about an hour and 12 GB of disk at 1.4 million judgments

eval: install
	for f in evaluation/*.py; do case $$f in */_*) ;; *) $(PY) $$f || exit 1;; esac; done

clean:
	rm -rf $(VENV) build *.egg-info
