"""The code that runs inside a validation worker process: hold the context, validate submissions.

A worker builds the published context and parses the shapes once, then validates one submission
at a time in its only thread, so that killing the process (on timeout) stops all of the work and
rdflib's SPARQL parser is never entered by two threads. The submission is parsed from memory:
nothing is written to disk. Answers are plain tuples (exceptions with dataclass fields do not
survive pickling).
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection

from regiodeal.processes import data_size, limit_memory
from regiodeal.settings import Settings
from regiodeal.validation.context import PublishedContext
from regiodeal.validation.engine import validate_graph
from regiodeal.validation.kit import validation_kit
from regiodeal.validation.reading import YAML, InputError, read_data
from regiodeal.validation.yaml_input import locate, read_yaml_deal

READY = "ready"


@dataclass(frozen=True)
class Job:
    data: bytes
    syntax: str  # reading.TURTLE, reading.JSONLD or reading.YAML
    name: str  # how messages name the input ("request body", the uploaded file's name)


# ("report", Report) | ("input", (name, message, line, column, problems)) | ("failed", text)
# | ("memory", text): the input needed more than the worker's heap limit
Answer = tuple[str, object]


def memory_message(memory_mb: int) -> str:
    return f"validating it needs more than {memory_mb} MB (REGIODEAL_VALIDATION_MEMORY_MB)"


def run_job(context: PublishedContext, settings: Settings, job: Job) -> Answer:
    try:
        if job.syntax == YAML:
            built = read_yaml_deal(job.name, job.data)
            report = locate(validate_graph(built.graph, context, settings), built)
        else:
            graph = read_data(job.name, job.data, job.syntax, settings)
            report = validate_graph(graph, context, settings)
    except InputError as exc:
        return "input", (exc.path, exc.message, exc.line, exc.column, exc.problems)
    except MemoryError:
        return "memory", memory_message(settings.validation_memory_mb)
    except Exception as exc:  # a bug, not bad input: the server answers 500 and logs this
        return "failed", "".join(traceback.format_exception(exc))
    report.files = [job.name]
    return "report", report


def serve(settings: Settings, conn: Connection) -> None:
    """Process entry point: build the context, say ready, then answer jobs until the pipe closes."""
    validation_kit(settings)  # shapes, their compiled checks, reference data
    context = PublishedContext.from_settings(settings, published=True)
    # The limit counts from here: the context and shapes are what every job needs anyway.
    limit_memory(settings.validation_memory_mb, above=data_size())
    conn.send(READY)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(run_job(context, settings, job))
