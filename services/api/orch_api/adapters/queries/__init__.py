"""Read queries over the projections, one module per area, answering in Humanitec's JSON shapes."""
