"""harvest: fetch what councils publish, politely, into a folder that `read` and `store` take from.

One module per publishing system (`moderngov`: the mgWebService.asmx web service). A harvest
keeps the answers as files, exactly as received, and remembers what it fetched, so a second
run asks only for what may have changed.
"""
