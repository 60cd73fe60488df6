"""Industrial chains (链式招商): chain data, placement of enterprises on nodes with evidence,
coverage per region or park, gaps, targets and the 图谱 + 清单 report."""
