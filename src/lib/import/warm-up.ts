/**
 * A few built-in lines of the two kinds of file most imports are, an event log and a shop's order lines: the import
 * worker previews them while the user looks for a file, so that the first file's preview runs compiled code.
 */
export function warmUpFiles(): File[] {
	return [
		new File(['customer_id,timestamp,event,value,channel\nc1,2025-01-02T10:00:00Z,signup,,organic\nc1,2025-01-05T11:30:00Z,purchase,19.90,organic\nc2,2025-01-03T09:15:00Z,signup,,paid\n'], 'events.csv'),
		new File(
			['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n536365,85123A,MUG,6,12/1/2010 8:26,2.55,17850,United Kingdom\n536366,22633,HAND WARMER,6,12/1/2010 8:28,1.85,17850,United Kingdom\nC536379,D,Discount,-1,12/1/2010 9:41,27.5,14527,United Kingdom\n'],
			'orders.csv'
		)
	];
}
