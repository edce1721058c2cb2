"""Assets the DAGs produce and consume (data-aware scheduling).

Province DAGs' ``announce_changes`` task updates ``WAREHOUSE_DOCUMENTS`` when their load
changed the warehouse (a version loaded, quarantined or released); the views DAG is
scheduled on it, so the view refresh and the report run after new documents
land, once per batch of asset events rather than once per province.
"""

from airflow.sdk import Asset

WAREHOUSE_DOCUMENTS = Asset(name="govwork_warehouse_documents", uri="govwork://warehouse/documents")
WAREHOUSE_VIEWS = Asset(name="govwork_warehouse_views", uri="govwork://warehouse/views")
