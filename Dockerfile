# The portal's image: one build for web (gunicorn), worker and beat (celery); see docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=portfolio.settings \
    PYTHONPATH=/app

WORKDIR /app

# The project's dependencies first (from pyproject.toml, with empty package stubs), so that a code
# change does not reinstall them. The code itself runs from /app (PYTHONPATH), where settings find
# templates/, static/ and locale/ beside it.
COPY pyproject.toml ./
RUN mkdir -p portfolio projects funding dispatch \
    && touch portfolio/__init__.py projects/__init__.py funding/__init__.py dispatch/__init__.py \
    && pip install . \
    && pip uninstall -y portfolio \
    && rm -rf build *.egg-info

COPY . .
RUN python manage.py compile_translations \
    && useradd --create-home --uid 1000 portal \
    && mkdir -p /app/staticfiles /app/media \
    && chown -R portal:portal /app/staticfiles /app/media /app/locale

USER portal
EXPOSE 8000
CMD ["gunicorn", "portfolio.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
