# Configuration: a value changed, a child element removed, text added to
# an empty element, a module renamed (matched by ID: removed and added).
90s/Application/System/
100s/1000/1001/
131d
123s|<AlertName />|<AlertName>Crash</AlertName>|
149s/ID="DS"/ID="Events"/
