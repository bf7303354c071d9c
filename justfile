# Everyday recipes. `just --list` shows them; every recipe uses the project's .venv (made by dev.py).

venv := ".venv/bin"

# Start the service on embedded defaults (http://127.0.0.1:8000)
run *args:
    python3 dev.py serve {{args}}

# Run the whole test suite (unit, HTTP, integration)
test *args:
    python3 dev.py test {{args}}

# Only the fast unit tests (`-m unit` leaves out the Hypothesis and Schemathesis plugins by itself and, for
# the whole tier, runs on one xdist worker per CPU: tests/tiers_plugin.py; tests/unit/test_tiers.py keeps it true)
test-unit *args:
    python3 dev.py test -m unit {{args}}

# Only the integration tests (PostgreSQL, S3 server, real processes, browser)
test-integration *args:
    python3 dev.py test -m integration {{args}}

# Lint, format check, layer contracts and types
lint:
    {{venv}}/ruff check src tests bench
    {{venv}}/ruff format --check src tests bench
    {{venv}}/lint-imports
    {{venv}}/mypy src

# Format the code
fmt:
    {{venv}}/ruff format src tests bench
    {{venv}}/ruff check --fix src tests bench

# Benchmarks: validation vs csv.reader, full upload vs psql \copy + boto3, AI enrichment quality and cost,
# anonymous login vs a hello-world Litestar route (1 and 2 workers), CLI startup vs a bare interpreter
bench rows="1000000":
    {{venv}}/python bench/validate_bench.py --rows {{rows}}
    {{venv}}/python bench/upload_bench.py --rows {{rows}}
    {{venv}}/python bench/enrichment_bench.py
    {{venv}}/python bench/jobs_bench.py
    {{venv}}/python bench/login_bench.py
    {{venv}}/python bench/cli_bench.py

# The full upload against psql \copy + boto3 at a small size, interleaved pairs (about a minute)
bench-upload rows="50000" repeat="3":
    {{venv}}/python bench/upload_bench.py --rows {{rows}} --repeat {{repeat}}

# Apply database migrations to INGESTA_DATABASE_URL
migrate:
    {{venv}}/ingesta db upgrade

# Validate a CSV file offline, e.g. `just validate data.csv`
validate file *args:
    {{venv}}/ingesta validate {{file}} {{args}}

# Create an account, e.g. `just user alice uploader` (reads the password from stdin)
user name role:
    {{venv}}/ingesta users create {{name}} --role {{role}} --password-stdin

# Remove the local data of the embedded defaults (./var)
clean:
    rm -rf var .pytest_cache .mypy_cache .ruff_cache
