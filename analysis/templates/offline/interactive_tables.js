// The initialiser of the interactive tables (analysis/interactive.py), run after the itables
// bundle in the same module script. Each table a notebook marked with interactive() becomes a
// DataTable through itables' ITable class: search box, sortable columns, paging. DataTables
// reads the rows from the page and only moves them; the cells stay the escaped text the notebook
// wrote, so nothing from a corpus is parsed as HTML here. A table that fails stays a plain one.
{
  for (const table of document.querySelectorAll("table.interactive-table")) {
    const pageLength = Number.parseInt(table.dataset.pageLength, 10) || 10;
    try {
      new dtForITables.ITable(table, {
        order: [], // the notebook's order until the reader sorts a column
        pageLength: pageLength,
        lengthMenu: [...new Set([pageLength, 10, 25, 50, 100])].sort((a, b) => a - b),
        autoWidth: false,
        classes: ["display", "compact"],
      });
    } catch (error) {
      console.error("interactive table left as it is:", error);
    }
  }
}
