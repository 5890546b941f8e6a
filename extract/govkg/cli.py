"""The ``govkg`` command: a thin layer over the library. Messages go to stderr; results to
stdout; every library error becomes one line naming the file or thing at fault."""

from __future__ import annotations

import contextlib
import functools
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from govkg import __version__
from govkg.errors import GovkgError
from govkg.model import Status
from govkg.rdf.vocab import DEFAULT_BASE

if TYPE_CHECKING:
    from http.server import ThreadingHTTPServer

    from govkg.check.shacl import FileCheck
    from govkg.model import Outcome
    from govkg.publish.serve import App
    from govkg.store.load import Loaded


def _say(message: str) -> None:
    click.echo(message, err=True)


def _utf8_streams() -> None:
    """UTF-8 output whatever the locale (a C locale would otherwise fail on Chinese)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(encoding="utf-8")


class Commands(click.Group):
    """The ``govkg`` group: a :class:`GovkgError` from any command becomes one line,
    ``Error: …``, and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GovkgError as e:
            raise click.ClickException(_message(e)) from None


def _message(error: GovkgError) -> str:
    """The line to print for *error*: the library's message, with the option or the command
    that helps where there is one."""
    from govkg.errors import BadValue, MissingParameter, Unusable
    from govkg.store.graphs import NoStore, NoSuchNotice
    from govkg.store.load import CredentialsNeeded

    if isinstance(error, MissingParameter):
        return f"query {error.query!r} needs --param {error.name}=VALUE"
    if isinstance(error, BadValue):
        return f"--param {error}"
    if isinstance(error, NoStore):
        return f"{error}; build one with govkg build NOTICES... --store {error.path}"
    if isinstance(error, NoSuchNotice):
        return f"{error} (govkg query notices --store DIR lists them)"
    if isinstance(error, CredentialsNeeded):
        return f"{error}; log in with --user NAME --password TEXT"
    if isinstance(error, Unusable):
        return f"{error}; {_CHANGE[error.what]}"
    return str(error)


#: what to change when an input cannot be used
_CHANGE = {"store": "build one with govkg build NOTICES... --store DIR", "port": "choose another --port",
           "out": "choose a new or empty --out folder"}


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="govkg")
def main() -> None:
    """Turn Chinese government notices into a linked, validated knowledge graph of who must
    do what, in what role, how often, by when and on what legal basis."""
    _utf8_streams()


# -- the options the commands share ----------------------------------------------------------


def paths_argument(**path):
    """``PATHS...``: files or folders (*path*: what :class:`click.Path` checks of them)."""
    return click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, **path))


def store_option(what: str = "The embedded store"):
    """``--store DIR``: *what*; None when not given (the commands then take ./govkg-store)."""
    return click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                        help=f"{what} (default: ./govkg-store).")


def out_option(what: str):
    """``--out DIR``, required: the folder *what* goes to."""
    return click.option("--out", "-o", required=True, type=click.Path(file_okay=False, path_type=Path),
                        help=f"Folder for {what}.")


def format_option(*choices: str, default: str, help: str):
    """``--format``: one of *choices*."""
    return click.option("--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
                        help=help)


def sparql_option(help: str):
    """``--sparql URL``: the endpoint to announce in the VoID."""
    return click.option("--sparql", metavar="URL", help=help)


def _encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    import codecs

    if value:
        try:
            codecs.lookup(value)
        except LookupError:
            raise click.BadParameter(f"unknown encoding {value!r}; try gb18030, utf-8 or utf-16") from None
    return value


encoding_option = click.option("--encoding", metavar="NAME", callback=_encoding,
                               help="Read the notices in this encoding instead of detecting it.")
base_option = click.option("--base", default=DEFAULT_BASE, show_default=True, metavar="URL",
                           help="Base IRI of the data: notices become {base}eli/…, units {base}unit/….")
# publish and serve read the base from the store (the one it was built with); --base overrides it
store_base_option = click.option("--base", default=None, metavar="URL",
                                 help="Base IRI of the data (default: the one the store was built with).")
workers_option = click.option("--workers", type=click.IntRange(min=0), default=None, metavar="N",
                              help="Worker processes (default: one per core; 0 works in this process).")
no_validate_option = click.option("--no-validate", is_flag=True,
                                  help="Skip the check of each graph against the shapes.")
strict_option = click.option(
    "--strict", is_flag=True,
    help="Fail on any warning: a notice with warnings or shape violations is not written, and the exit code is 1.")


# -- the commands ----------------------------------------------------------------------------


@main.command()
@paths_argument(readable=False)
@out_option("the graph files (one per notice)")
@format_option("trig", "nq", default="trig",
               help="TriG (readable) or N-Quads (line-based); each notice in its own named graph.")
@base_option
@encoding_option
@workers_option
@no_validate_option
@strict_option
@click.option("--skip-unchanged", is_flag=True,
              help="Do not extract again a notice whose graph in OUT was made from the same file (SHA-256) "
                   "by the same version of govkg.")
def extract(paths: tuple[Path, ...], out: Path, fmt: str, base: str, encoding: str | None, workers: int | None,
            no_validate: bool, strict: bool, skip_unchanged: bool) -> None:
    """Extract notice files (or folders of them) into graph files in OUT, checked against the shapes.

    A file that cannot be read costs only itself; the exit code is non-zero only when no
    notice could be extracted (with --strict: when any file failed or had a warning). Each
    graph file is written whole or not at all: after an interruption, run the same command
    again to do the rest."""
    from govkg.pipeline import extract_to_dir

    if strict and skip_unchanged:
        raise click.UsageError("--strict reports every warning, so it extracts every notice again; "
                               "leave out --skip-unchanged")
    _run(paths, functools.partial(extract_to_dir, out=out, fmt=fmt, skip_unchanged=skip_unchanged),
         base=base, encoding=encoding, workers=workers, validate=not no_validate, strict=strict, verbose=True)


@main.command()
@paths_argument(readable=False)
@store_option("The embedded store to build or update")
@base_option
@encoding_option
@workers_option
@click.option("--force", is_flag=True, help="Rebuild notices whose source file is unchanged too.")
@no_validate_option
@strict_option
@click.option("--verbose", "-v", is_flag=True, help="Say what became of every notice, with its warnings.")
def build(paths: tuple[Path, ...], store_dir: Path | None, base: str, encoding: str | None, workers: int | None,
          force: bool, no_validate: bool, strict: bool, verbose: bool) -> None:
    """Extract notices, check them and load them into the embedded store (one named graph per
    notice), in parallel. Notices whose source file is unchanged since the last build are
    skipped; a changed notice replaces its graph. Query it with govkg query NAME --store DIR."""
    from govkg.pipeline import build as build_store
    from govkg.store.graphs import DEFAULT_STORE

    store = store_dir or DEFAULT_STORE
    _run(paths, functools.partial(build_store, store_dir=store, force=force), base=base, encoding=encoding,
         workers=workers, validate=not no_validate, strict=strict, verbose=verbose, store=store)


# -- what became of the notices of extract and build -------------------------------------------


@dataclass
class _Tally:
    """The outcomes of a run, counted: by status, the triples built, the shape violations."""

    statuses: Counter[Status] = field(default_factory=Counter)
    triples: int = 0
    violations: list[str] = field(default_factory=list)

    def add(self, o: Outcome) -> None:
        self.statuses[o.status] += 1
        self.triples += o.triples if o.status == Status.DONE else 0
        self.violations += [f"{o.path}: {v}" for v in o.violations]

    @property
    def kept(self) -> int:
        """The notices done, or up to date already."""
        return self.statuses[Status.DONE] + self.statuses[Status.UNCHANGED]


def _run(paths: tuple[Path, ...], driver: Callable[..., Iterator[Outcome]], *, strict: bool, verbose: bool,
         store: Path | None = None, **options) -> None:
    """Run the notices at *paths* through *driver* (:func:`~govkg.pipeline.extract_to_dir` or
    :func:`~govkg.pipeline.build`, given *strict* and the other *options*) and tell the user,
    on stderr, what became of each: problems always, every notice when *verbose*, and for a
    build into *store* a count at the end. Fail only if no notice was done (with *strict*: if
    any failed or had a warning). Ctrl-C or SIGTERM ends the run cleanly."""
    from govkg.read.files import notice_files

    started = time.monotonic()
    tally = _Tally()
    with _interruptible(tally):
        files = notice_files(list(paths))
        with contextlib.closing(driver(files, strict=strict, **options)) as outcomes:
            _follow(outcomes, len(files), tally, verbose=verbose, written="written" if store is None else "loaded")
    if store is not None:
        for line in _summary(tally, store, strict=strict, verbose=verbose, seconds=time.monotonic() - started):
            _say(line)
    _fail_unless_kept(tally, strict=strict)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that a temporary file being written is removed."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated()


def _catch_sigterm():
    """Handle SIGTERM like Ctrl-C; return the handler it replaces (None off the main thread)."""
    try:
        return signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread (an embedding application): leave signals alone
        return None


@contextlib.contextmanager
def _interruptible(tally: _Tally) -> Iterator[None]:
    """Ctrl-C or SIGTERM inside ends the run: say how far it got, and exit with 130 or 143."""
    previous = _catch_sigterm()
    try:
        yield
    except KeyboardInterrupt as e:
        _say(f"interrupted after {_plural(tally.kept, 'notice')}; no graph was left half-written: "
             "run the same command again to do the rest")
        sys.exit(143 if isinstance(e, Terminated) else 130)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _follow(outcomes: Iterator[Outcome], total: int, tally: _Tally, *, verbose: bool, written: str) -> None:
    """Count each outcome into *tally* and say what became of it, under a progress bar."""
    with _progress(total=total, unit=" notices") as bar:
        for o in outcomes:
            bar.update(1)
            tally.add(o)
            for line in _lines(o, verbose=verbose, written=written):
                bar.write(line, file=sys.stderr)


def _lines(o: Outcome, *, verbose: bool, written: str) -> list[str]:
    """What to say about the outcome *o*: its problems, and with *verbose* all of it."""
    if o.status == Status.FAILED:
        return [f"error: {o.error}"]
    if o.status == Status.DUPLICATE:
        return [f"{o.path}: same notice as {o.duplicate_of}{f' ({o.label})' if o.label else ''}; kept that one"]
    if o.status == Status.UNCHANGED:
        return [_unchanged(o)] if verbose else []
    if o.status == Status.REFUSED:
        return (_details(o) if verbose else _warnings(o)) + [_refusal(o, written)]
    return _details(o) if verbose else []


def _unchanged(o: Outcome) -> str:
    if o.output:
        return f"{o.path}: up to date in {o.output} ({o.triples} triples); not extracted again"
    return f"{o.path}: unchanged, skipped"


def _details(o: Outcome) -> list[str]:
    """All there is to say of a notice read: how it was read, what it holds, what is wrong with it."""
    where = f" → {o.output}" if o.output else ""
    return [*(f"{o.path}: {note}" for note in o.notes),
            f"{o.path}: {o.tasks} tasks, {o.assignments} assignments, {o.triples} triples{where}",
            *_warnings(o),
            *(f"{o.path}: shape violation: {v}" for v in o.violations)]


def _warnings(o: Outcome) -> list[str]:
    return [f"{o.path}: warning: {w}" for w in o.warnings]


def _refusal(o: Outcome, written: str) -> str:
    problems = ((len(o.warnings), "warning"), (len(o.violations), "shape violation"))
    return f"error: {o.path}: not {written} (--strict): " + ", ".join(_plural(k, what) for k, what in problems if k)


def _summary(tally: _Tally, store: Path, *, strict: bool, verbose: bool, seconds: float) -> list[str]:
    """The count at the end of a build, and the shape violations when they were not said one by one."""
    n = tally.statuses
    refused = f", {n['refused']} refused (--strict)" if strict else ""
    lines = [f"{store}: {_plural(n['done'], 'notice')} built ({tally.triples} triples), {n['unchanged']} unchanged, "
             f"{n['duplicate']} duplicates, {n['failed']} failed{refused}, in {seconds:.1f} s"]
    if tally.violations and not verbose:
        lines += [f"{len(tally.violations)} shape violations:", *(f"  {v}" for v in tally.violations)]
    return lines


def _fail_unless_kept(tally: _Tally, *, strict: bool) -> None:
    """Fail when no notice was done (with *strict*: when any failed or was refused)."""
    if not tally.kept:
        raise click.ClickException("no notice could be extracted")
    bad = tally.statuses[Status.FAILED] + tally.statuses[Status.REFUSED]
    if strict and bad:
        raise click.ClickException(f"--strict: {_plural(bad, 'file')} failed or had warnings")


def _plural(n: int, word: str) -> str:
    """*n* *word*, plural unless *n* is 1.

    >>> _plural(1, "notice"), _plural(2, "notice")
    ('1 notice', '2 notices')
    """
    return f"{n} {word}{'s' if n != 1 else ''}"


def _progress(**options):
    """A progress bar on stderr, shown only when stderr is a terminal."""
    from tqdm import tqdm

    return tqdm(file=sys.stderr, disable=not sys.stderr.isatty(), dynamic_ncols=True, **options)


@main.command()
@click.argument("notices", nargs=-1, required=True)
@store_option()
def remove(notices: tuple[str, ...], store_dir: Path | None) -> None:
    """Remove notices from the embedded store, each named by its IRI, its 发文字号 or the name of
    the file it was built from."""
    from govkg.store.graphs import DEFAULT_STORE, remove_notices

    for name, graphs in remove_notices(store_dir or DEFAULT_STORE, notices):
        _say(f"{name}: removed {', '.join(graphs)}")


@main.command()
@paths_argument(exists=True)
def validate(paths: tuple[Path, ...]) -> None:
    """Check graph files (TriG, N-Quads; or folders of them) against the SHACL shapes."""
    from govkg.check.shacl import validate_files

    files = bad = 0
    for check in validate_files(paths):
        files += 1
        bad += not check.conforms
        for line in _check_lines(check):
            _say(line)
    if bad:
        raise click.ClickException(f"{bad} of {files} graph files do not conform")


def _check_lines(check: FileCheck) -> list[str]:
    """What to say about the check of one graph file."""
    if check.error:
        return [check.error]
    if check.violations:
        return [f"{check.path}: {v.describe()}" for v in check.violations]
    return [f"{check.path}: conforms ({check.triples} triples)"]


@main.command()
@paths_argument()
@click.option("--graph-store", "graph_store", metavar="URL",
              help="A SPARQL 1.1 Graph Store Protocol address (Oxigraph: http://HOST:PORT/store).")
@store_option()
@click.option("--user", metavar="NAME", help="Log in to the Graph Store as NAME (default: its host's ~/.netrc entry).")
@click.option("--password", metavar="TEXT", envvar="GOVKG_PASSWORD", show_envvar=True,
              help="The password for --user (asked for when not given).")
@base_option
def load(paths: tuple[Path, ...], graph_store: str | None, store_dir: Path | None, user: str | None,
         password: str | None, base: str) -> None:
    """Load graph files (or folders of them, as govkg extract writes) into a SPARQL server
    through the Graph Store Protocol (--graph-store URL) or into the embedded store (--store):
    each named graph replaces the graph of the same name, so loading twice changes nothing.
    The ontology and gazetteer graphs go along. A Graph Store that wants a login gets --user
    and --password, or the ~/.netrc entry for its host (HTTP Basic or Digest)."""
    from govkg.store.graphs import DEFAULT_STORE
    from govkg.store.load import load_into_graph_store, load_into_store

    password = _password(graph_store, store_dir, user, password)
    if graph_store:
        _say_loaded(load_into_graph_store(paths, graph_store, base=base, user=user, password=password), graph_store)
    else:
        store = store_dir or DEFAULT_STORE
        _say_loaded(load_into_store(paths, store, base=base), store)


def _password(graph_store: str | None, store_dir: Path | None, user: str | None, password: str | None) -> str | None:
    """The password to log in to the Graph Store with, asked for when only a user is given;
    a usage error for options that do not go together."""
    if graph_store and store_dir:
        raise click.UsageError("give one of --graph-store or --store")
    if (user or password) and not graph_store:
        raise click.UsageError("--user and --password are for a Graph Store (--graph-store URL)")
    if user and password is None:
        return click.prompt(f"password for {user}", hide_input=True, err=True)
    return password


def _say_loaded(loads: Iterator[Loaded], where: str | Path) -> None:
    """Say what became of each graph file loaded into *where*; fail if any could not be."""
    files = bad = 0
    for done in loads:
        files += done.path is not None
        bad += done.error is not None
        _say(_loaded_line(done, where))
    if bad:
        raise click.ClickException(f"{bad} of {files} graph files could not be loaded")


def _loaded_line(done: Loaded, where: str | Path) -> str:
    if done.path is None:
        return f"ontology and gazetteer: {len(done.graphs)} graphs, {done.triples} triples → {where}"
    if done.error is not None:
        return f"error: {done.error}"
    return f"{done.path}: {_plural(len(done.graphs), 'graph')}, {done.triples} triples → {where}"


@main.command()
@click.argument("name", required=False)
@click.option("--data", "data", multiple=True, type=click.Path(path_type=Path),
              help="Graph file or folder to read into memory (repeatable).")
@store_option("The embedded store to query, the one govkg build writes")
@click.option("--endpoint", metavar="URL", help="A SPARQL 1.1 query endpoint (e.g. Oxigraph's /query).")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the query by its bare name (--param unit=区财政局).")
@format_option("csv", "json", "table", default="table",
               help="CSV (a header row, then the rows), SPARQL 1.1 results JSON, or an aligned table.")
@click.option("--list", "list_", is_flag=True, help="List the saved queries with their summaries.")
@base_option
def query(name: str | None, data: tuple[Path, ...], store_dir: Path | None, endpoint: str | None,
          params: tuple[str, ...], fmt: str, list_: bool, base: str) -> None:
    """Run the saved query NAME on graph files (--data), the embedded store (--store, the
    default) or a SPARQL 1.1 endpoint (--endpoint)."""
    from govkg.query import saved
    from govkg.query.output import render

    if list_ or not name:
        _list_queries()
        return
    values = _key_values(params)
    text = saved.saved_query(name).bind(values)
    if sum(map(bool, (data, store_dir, endpoint))) > 1:
        raise click.UsageError("give one of --data, --store or --endpoint")
    if fmt in ("csv", "json"):  # rows written as they come
        sys.stdout.flush()
        saved.write(text, fmt, sys.stdout.buffer, store=store_dir, data=data, endpoint=endpoint,
                    base=base, name=name, values=values)
        return
    result = saved.run(text, store=store_dir, data=data, endpoint=endpoint, base=base)
    click.echo(render(result, fmt, base=base), nl=False)


def _list_queries() -> None:
    """Each saved query with its summary, and the parameters it takes."""
    from govkg.query.saved import saved_queries

    for q in saved_queries():
        args = " ".join(f"--param {p.name}=…" if p.required else f"[--param {p.name}=…]" for p in q.params)
        click.echo(f"{q.name:<24} {q.summary}" + (f"\n{'':<24} {args}" if args else ""))


def _key_values(params: tuple[str, ...]) -> dict[str, str]:
    """``--param KEY=VALUE`` options as a dict."""
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--param")
        values[key.strip()] = value
    return values


@main.command()
@store_option("The embedded store to publish, the one govkg build writes")
@out_option("the site (new, empty, or one govkg published before: it is replaced)")
@store_base_option
@sparql_option("A public SPARQL endpoint serving this data, announced in the VoID.")
@click.option("--license", "license_", metavar="URL", default="https://creativecommons.org/publicdomain/zero/1.0/",
              show_default=True, help="The licence of the published data.")
def publish(store_dir: Path | None, out: Path, base: str | None, sparql: str | None, license_: str) -> None:
    """Publish the store as a static linked-data site in OUT: a page per notice, task, unit,
    place and concept with its Turtle, JSON-LD and N-Triples beside it, the ontology as HTML,
    the saved queries, N-Quads dumps with SHA-256 checksums, and VoID/DCAT, under the base the
    store was built with; the site belongs at that URL."""
    from govkg.publish.site import Site
    from govkg.publish.write import publish_site
    from govkg.store.graphs import DEFAULT_STORE, open_store

    started = time.monotonic()
    store = open_store(store_dir or DEFAULT_STORE, read_only=True)
    report = publish_site(Site(store, base, sparql=sparql, license=license_), out)
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(report.kinds.items(), key=lambda kv: -kv[1]))
    _say(f"{out}: {report.pages} pages, {report.files} files ({kinds}); {len(report.dumps)} dumps; "
         f"{time.monotonic() - started:.1f} s")


@main.command()
@store_option("The embedded store to serve, opened read-only")
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port; the address is printed).")
@store_base_option
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds a SPARQL query may run before it is stopped.")
@sparql_option("The endpoint URL to announce in the VoID (default: {base}sparql).")
def serve(store_dir: Path | None, port: int, base: str | None, timeout: float, sparql: str | None) -> None:
    """Serve the site live on 127.0.0.1 with content negotiation on every resource IRI (HTML,
    Turtle, JSON-LD, N-Triples), a read-only SPARQL 1.1 endpoint at /sparql and each saved
    query as a web call at /api/NAME?key=value. Stop with Ctrl-C."""
    from govkg.publish.serve import make_server
    from govkg.store.graphs import DEFAULT_STORE

    server, app = make_server(store_dir or DEFAULT_STORE, base, port=port, timeout=timeout, sparql=sparql)
    host, bound = server.server_address[:2]
    _say(f"serving http://{host}:{bound}/ (SPARQL at /sparql, saved queries at /api/); Ctrl-C stops")
    _serve_until_stopped(server, app)


def _serve_until_stopped(server: ThreadingHTTPServer, app: App) -> None:
    """Serve until Ctrl-C or SIGTERM (exit code 0 either way), then close the server and its
    query workers."""
    signal.signal(signal.SIGTERM, _exit)
    sys.stderr.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        app.runner.close()


def _exit(signum: int, frame: object) -> None:
    raise SystemExit(0)


if __name__ == "__main__":  # pragma: no cover
    main()
