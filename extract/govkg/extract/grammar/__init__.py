"""The grammar every layout shares, a library of its own (it knows no notice, only text):

- :mod:`.statement`: a responsibility statement — clauses ``[label：] units [role word]``
  and the rules after them (排在第一位的为牵头, 以下均需…) — as units with roles;
- :mod:`.names`: the unit-name recogniser (gazetteer, unit-name shape, list separators);
- :mod:`.people`: people's names in a table's columns of people (责任领导, 责任人);
- :mod:`.segment`: jieba word segmentation that keeps unit names whole, and parts of speech;
- :mod:`.text`: small helpers over normalised text (lines, dates, ordinals, patterns).
"""
