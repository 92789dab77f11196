# The alias Windows renamed to Win everywhere (one difference, on the
# reference), a reference version raised, the System reference removed.
s/Windows!/Win!/g
16s/Alias="Windows"/Alias="Win"/
28s/7.0.8427.0/7.0.8433.0/
11,15d
