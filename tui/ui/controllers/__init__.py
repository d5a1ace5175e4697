"""Controllers: the plain, typed objects a screen owns to do one job (see ``authoring``)."""
