"""briefing: a terminal browser for structured, source-traced briefings.

The package's folders are its layers. Each imports only the ones below it (import-linter
contracts in ``pyproject.toml`` keep it so, and only ``tui.ui`` imports Textual):

``core/`` pure records and rules; no I/O, no Rich, no Textual
    ``model`` entry kinds and every field rule · ``document`` the raw TinyDB document's
    one vocabulary (new briefing, source records, meta, briefing id) · ``article`` text ->
    de-duplicated paragraphs, numbered sentences, hash · ``dates`` dates at their precision
    · ``validate`` the format's rules · ``index`` lookups, backlinks, search, timeline ·
    ``errors`` one message naming the file and place · ``text`` display-safe text, slugs ·
    ``amounts`` amounts as a reader says them · ``merge``, ``diff`` entry-level three-way
    merge and diff · ``conflicts`` the records a merge leaves · ``accounts`` disputed
    fields and their accounts · ``as_of`` the briefing as it stood at a source or a date
    · ``coverage`` how much of each source entries cite, and what each source added
``storage/`` all that touches the disk
    ``store`` the only reader and writer of briefing files · ``atomic`` the one atomic write
    · ``locking`` the one lock · ``jsonio`` the strict parser and stable serialiser
    (``jsonfast``: orjson where it gives the same bytes and values) · ``savecheck`` a save
    that checks what changed · ``rowwise`` a save written a row at a time from the document
    kept in memory ·
    ``loader`` file -> checked briefing -> index · ``cache`` checked briefings kept between
    runs · ``attachments`` kept articles · ``leftovers`` what a killed export or attach left
    · ``bundled`` bundled briefings and the user's copy · ``paths`` where things live ·
    ``prefs`` the preferences file · ``safe_read`` the program's own files read as small
    regular files, its folders checked as its own · ``gitsetup`` the git drivers' config lines
    · ``folder_index`` a folder's derived search index (SQLite FTS5)
``authoring/`` changing a briefing
    ``editor`` the Editor every edit goes through · ``changes`` change records ·
    ``compare`` entry equality · ``references`` who points at whom · ``new_entries`` blank
    entries and fresh ids · ``form_checks`` a form's problems · ``seen`` "since you last
    looked" · ``sources`` adding a source · ``resolve`` settling merge conflicts
``export/`` the one-pager
    ``model`` the export model · ``wording`` what every format says alike · ``markdown``,
    ``html``, ``json_format`` one module per format · ``formats`` the table of them ·
    ``delivery`` files and stdout
``present/`` what each view shows, as rows of plain text (Rich ``Text`` at most)
    ``views`` the Overview, panels, Timeline, Sources, details · ``rows`` rows and keys ·
    ``disputes`` accounts side by side · ``conflicts`` a merge conflict's sides ·
    ``sources_view`` the Sources list and one source read sentence by sentence
``ui/`` the Textual app
    ``app`` the App · ``commands`` palette providers · ``keys`` every key, read off the
    bindings (the help and the README tables) · ``preferences`` the prefs file applied ·
    ``controllers/authoring`` add, edit, delete, undo for the briefing screen
    (``resolving``: merge conflicts; ``as_of``: the briefing as it stood; ``sources``: the
    Sources list and adding a source) ·
    ``screens/`` briefing, chooser, forms (``form_base``: what every form shares), dialogs,
    merge conflicts, disputes, a new source, help, error, too-small notice · ``widgets/`` line list,
    master-detail, tab bar, pickers, long input (a one-line field drawn a visible slice at a
    time)
``cli``, ``gitcli``, ``serve`` the ``briefing`` command (and its merge, diff and
config-git; ``serve``: the app in a web browser through textual-serve), on top
"""

__version__ = "0.1.0"
