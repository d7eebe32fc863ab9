"""Pure rules of the reports app: figures in narrative reports and their indicators (no Django)."""
