"""Assets the DAGs produce and consume (data-aware scheduling).

Province DAGs' ``announce_changes`` task updates ``WAREHOUSE_DOCUMENTS`` when their load
changed the warehouse (a version loaded, quarantined or released); the views DAG is
scheduled on it, so the view refresh and the report run after new documents
land, once per batch of asset events rather than once per province.

The ``x-`` scheme is Airflow's convention for a scheme no provider registers: Airflow
then skips looking for a URI normaliser, which imports every installed provider's asset
handlers (0.3–0.7 s of every parse of a DAG file that declares an asset).
"""

from airflow.sdk import Asset

WAREHOUSE_DOCUMENTS = Asset(name="govwork_warehouse_documents", uri="x-govwork://warehouse/documents")
WAREHOUSE_VIEWS = Asset(name="govwork_warehouse_views", uri="x-govwork://warehouse/views")
